package logverify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"path"
	"strings"
)

// Event is one record as the report cites it.
type Event struct {
	Line     int    `json:"line"`
	Seq      int64  `json:"sequence"`
	Action   string `json:"action"`
	Type     string `json:"type"`
	Reason   string `json:"reason,omitempty"`
	Location string `json:"location,omitempty"`
	Args     []any  `json:"args"`
}

// Code is dynamic code: a compile whose source is in the record.
type Code struct {
	Event
	Filename string `json:"filename"`
	Source   any    `json:"source"` // the logged source (a string, or the truncated form)
}

// Flow is a file the run wrote (open for writing, copy, move, rename)
// and then ran (spython.open_code, import).
type Flow struct {
	Path  string `json:"path"`
	Write Event  `json:"write"`
	Load  Event  `json:"load"`
}

// Destination is a network destination or a command.
type Destination struct {
	Event
	Target string `json:"target"`
}

// Gap is a break in event.sequence within a run.
type Gap struct {
	Line int   `json:"line"`
	Want int64 `json:"want"`
	Got  int64 `json:"got"`
}

// RunSummary is everything the report says about one run.
type RunSummary struct {
	ID        string `json:"run_id"`
	Script    string `json:"script,omitempty"`
	Policy    string `json:"policy,omitempty"`
	FirstLine int    `json:"first_line"`
	LastLine  int    `json:"last_line"`
	Records   int    `json:"records"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Ended     bool   `json:"ended"`
	ExitCode  any    `json:"exit_code,omitempty"`
	EndReason string `json:"end_reason,omitempty"`

	Denials                []Event       `json:"denials"`
	DynamicCode            []Code        `json:"dynamic_code"`
	WrittenThenLoaded      []Flow        `json:"written_then_loaded"`
	Network                []Destination `json:"network"`
	Subprocesses           []Destination `json:"subprocesses"`
	CompileWithoutOpenCode []Event       `json:"compile_without_open_code"`
	Gaps                   []Gap         `json:"sequence_gaps"`

	next    int64   // the sequence number expected next
	written []Event // writes seen so far
	ids     []Event // spython.file_written (path, dev, ino) seen so far
	opened  []Event // spython.open_code (path, True) seen so far
}

// Report is the per-run summary of a log.
type Report struct {
	Runs     []*RunSummary `json:"runs"`
	Unparsed []int         `json:"unparsed_lines,omitempty"`
}

// Summarise reads a log and summarises it per run. It does not verify the
// chain (that is Verify's job) and keeps going past damaged lines, listing
// them in Unparsed.
func Summarise(r io.Reader) (*Report, error) {
	rep := &Report{}
	byID := map[string]*RunSummary{}
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if len(b) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		l, ok := lenientParse(n, bytes.TrimRight(b, "\n"))
		if !ok {
			rep.Unparsed = append(rep.Unparsed, n)
			continue
		}
		rs := byID[l.RunID]
		if rs == nil {
			rs = &RunSummary{ID: l.RunID, FirstLine: n, Start: l.Timestamp, Policy: l.Policy, Denials: []Event{}, DynamicCode: []Code{}, WrittenThenLoaded: []Flow{}, Network: []Destination{}, Subprocesses: []Destination{}, CompileWithoutOpenCode: []Event{}, Gaps: []Gap{}}
			if l.Script != nil {
				rs.Script = *l.Script
			}
			if *l.Seq != 0 {
				rs.Gaps = append(rs.Gaps, Gap{Line: n, Want: 0, Got: *l.Seq})
			}
			byID[l.RunID] = rs
			rep.Runs = append(rep.Runs, rs)
		} else if *l.Seq != rs.next {
			rs.Gaps = append(rs.Gaps, Gap{Line: n, Want: rs.next, Got: *l.Seq})
		}
		rs.add(l)
	}
	return rep, nil
}

func lenientParse(n int, b []byte) (*Line, bool) {
	if l, err := parseLine(n, b); err == nil {
		return l, true
	}
	l := &Line{N: n}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(l) != nil || l.RunID == "" || l.Seq == nil {
		return nil, false
	}
	return l, true
}

func (rs *RunSummary) add(l *Line) {
	rs.Records++
	rs.next = *l.Seq + 1
	rs.LastLine, rs.End = l.N, l.Timestamp
	ev := Event{Line: l.N, Seq: *l.Seq, Action: l.Action, Type: l.Type, Reason: l.Reason, Location: l.Location, Args: l.Args}
	if ev.Args == nil {
		ev.Args = []any{}
	}
	if l.Type != "allowed" {
		rs.Denials = append(rs.Denials, ev)
	}
	happened := l.Type != "denied"
	switch l.Action {
	case "spython.run_end":
		rs.Ended = true
		rs.ExitCode, rs.EndReason = arg(l, 0), str(arg(l, 1))
	case "compile":
		src, file := arg(l, 0), str(arg(l, 1))
		if src != nil {
			rs.DynamicCode = append(rs.DynamicCode, Code{Event: ev, Filename: file, Source: src})
		} else if !rs.wasOpened(file) {
			rs.CompileWithoutOpenCode = append(rs.CompileWithoutOpenCode, ev)
		}
	case "spython.open_code":
		if arg(l, 1) == true {
			rs.opened = append(rs.opened, ev)
			rs.flow(str(arg(l, 0)), ev)
		}
	case "import":
		if p, ok := arg(l, 1).(string); ok {
			rs.flow(p, ev)
		}
	case "spython.file_written":
		rs.ids = append(rs.ids, ev)
	case "spython.code_file":
		rs.flowByID(ev)
	case "open":
		if mode, ok := arg(l, 1).(string); happened && (!ok || strings.ContainsAny(mode, "wax+")) {
			rs.written = append(rs.written, ev)
		}
	case "os.rename", "shutil.copyfile", "shutil.move":
		if happened {
			rs.written = append(rs.written, ev)
		}
	case "urllib.Request", "socket.connect", "socket.getaddrinfo":
		rs.Network = append(rs.Network, Destination{Event: ev, Target: netTarget(l)})
	case "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile":
		rs.Subprocesses = append(rs.Subprocesses, Destination{Event: ev, Target: commandOf(l)})
	}
}

// writtenPath is the file a write event produces.
func writtenPath(ev Event) string {
	i := 0
	if ev.Action != "open" {
		i = 1 // rename, copyfile, move: the destination
	}
	if i < len(ev.Args) {
		return str(ev.Args[i])
	}
	return ""
}

// flow records a load of p if the run wrote p earlier.
func (rs *RunSummary) flow(p string, load Event) {
	for _, f := range rs.WrittenThenLoaded {
		if samePath(f.Path, p) {
			return // one finding per file: import and open_code both load it
		}
	}
	for _, w := range rs.written {
		if wp := writtenPath(w); wp != "" && samePath(wp, p) {
			rs.WrittenThenLoaded = append(rs.WrittenThenLoaded, Flow{Path: p, Write: w, Load: load})
			return
		}
	}
}

// flowByID records the load of a file that runs (spython.code_file (path,
// dev, ino)) when the run wrote the same device and inode earlier, by
// whatever path: the names in the log need not match (/proc/self/cwd/x,
// a symlinked directory, a relative path after chdir).
func (rs *RunSummary) flowByID(load Event) {
	p := str(arg2(load.Args, 0))
	dev, ino := render(arg2(load.Args, 1)), render(arg2(load.Args, 2))
	if dev == "null" || ino == "null" {
		return
	}
	for _, f := range rs.WrittenThenLoaded {
		if samePath(f.Path, p) || f.Write.Action == "spython.file_written" && render(arg2(f.Write.Args, 1)) == dev && render(arg2(f.Write.Args, 2)) == ino {
			return // one finding per file
		}
	}
	for _, w := range rs.ids {
		if render(arg2(w.Args, 1)) == dev && render(arg2(w.Args, 2)) == ino {
			rs.WrittenThenLoaded = append(rs.WrittenThenLoaded, Flow{Path: p, Write: w, Load: load})
			return
		}
	}
}

func (rs *RunSummary) wasOpened(p string) bool {
	for _, o := range rs.opened {
		if samePath(str(arg2(o.Args, 0)), p) {
			return true
		}
	}
	return false
}

// samePath compares paths as logged: equal after cleaning, or a relative
// one naming the tail of an absolute one (the run's directory is not in
// the log, so this is a heuristic that errs towards reporting).
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	a, b = path.Clean(a), path.Clean(b)
	if a == b {
		return true
	}
	if path.IsAbs(a) == path.IsAbs(b) {
		return false
	}
	if path.IsAbs(a) {
		a, b = b, a
	}
	return strings.HasSuffix(b, "/"+a)
}

func netTarget(l *Line) string {
	switch l.Action {
	case "urllib.Request":
		if m := str(arg(l, 3)); m != "" {
			return m + " " + str(arg(l, 0))
		}
		return str(arg(l, 0))
	case "socket.connect":
		return render(arg(l, 1))
	}
	return render(arg(l, 0)) + ":" + render(arg(l, 1))
}

func commandOf(l *Line) string {
	if l.Action == "subprocess.Popen" && arg(l, 1) != nil {
		return render(arg(l, 1))
	}
	return render(arg(l, 0))
}

func arg(l *Line, i int) any { return arg2(l.Args, i) }

func arg2(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// render shows a logged value compactly: strings bare, the rest as JSON.
func render(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}
