package spythontest_test

import (
	"fmt"
	"log"

	"github.com/spython-dev/spython/spythontest"
)

// A script's audit events, as a test sees them.
func Example() {
	res, err := spythontest.ExecSource(`
f = open("report.txt", "w")
f.write("done")
f.close()
print(try_call(os.system, "rm -rf /")[1].kind)
`, spythontest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("exit:", res.Exit)
	fmt.Print("stdout: ", res.Stdout)
	for _, r := range res.Events("open") {
		fmt.Println("open:", r.Arg(0), r.Arg(1), "line", r.Line)
	}
	for _, r := range res.Denied() {
		fmt.Println("denied:", r.Action, r.Arg(0), "-", r.Reason)
	}
	fmt.Println("run_end:", res.RunEnd().Args)
	// Output:
	// exit: 0
	// stdout: PermissionError
	// open: report.txt w line 2
	// denied: os.system rm -rf / - developer: os.system is denied (use subprocess.run with a list)
	// run_end: [0 finished]
}

// The production build, arguments and a limit.
func ExampleExec() {
	res, err := spythontest.ExecSource("print(sys.argv)\nwhile True:\n    pass\n", spythontest.Options{
		Build:  spythontest.Production,
		Args:   []string{"--fast"},
		Limits: &spythontest.Limits{Steps: 100000},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(res.Stdout)
	fmt.Println("exit:", res.Exit, "reason:", res.RunEnd().Arg(1))
	// Output:
	// ['main.star', '--fast']
	// exit: 5 reason: limit: steps
}
