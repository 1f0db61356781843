package difftest

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// netCoverage is the checklist of issue 13 (and spec §6) for subprocess,
// time, socket, urllib, urllib.parse and open(): every function and
// parameter the issue names, with the pairs whose .py and .star both call
// it. TestNetCoverage fails when a listed pair stops calling it (or goes
// away), so coverage cannot drop silently.
var netCoverage = []struct {
	what  string // the function, method or parameter
	re    string // what the pair's .star and .py must contain
	pairs []string
}{
	// subprocess.
	{"subprocess.run", `subprocess\.run\(`, []string{"subprocess_run", "subprocess_timeout"}},
	{"subprocess.Popen", `subprocess\.Popen\(`, []string{"subprocess_popen", "subprocess_io"}},
	{"Popen.communicate", `\.communicate\(`, []string{"subprocess_popen", "subprocess_timeout", "subprocess_io"}},
	{"Popen.wait", `\.wait\(`, []string{"subprocess_popen", "subprocess_io"}},
	{"Popen.poll", `\.poll\(`, []string{"subprocess_popen", "subprocess_timeout"}},
	{"Popen.kill", `\.kill\(`, []string{"subprocess_popen", "subprocess_timeout"}},
	{"Popen.terminate", `\.terminate\(`, []string{"subprocess_popen"}},
	{"Popen.send_signal", `\.send_signal\(`, []string{"subprocess_io"}},
	{"Popen.returncode", `\.returncode\b`, []string{"subprocess_popen", "subprocess_io"}},
	{"Popen.pid", `\.pid\b`, []string{"subprocess_io"}},
	{"Popen.stdin/stdout/stderr pipes", `p\.stdin\.write\(`, []string{"subprocess_popen", "subprocess_io"}},
	{"subprocess.call", `subprocess\.call\b`, []string{"subprocess_misc", "subprocess_timeout", "subprocess_cwd"}},
	{"subprocess.check_call", `subprocess\.check_call\b`, []string{"subprocess_misc", "subprocess_timeout"}},
	{"subprocess.check_output", `subprocess\.check_output\b`, []string{"subprocess_run", "subprocess_cwd"}},
	{"subprocess.getoutput", `subprocess\.getoutput\(`, []string{"subprocess_misc"}},
	{"subprocess.getstatusoutput", `subprocess\.getstatusoutput\(`, []string{"subprocess_misc"}},
	{"subprocess.PIPE", `subprocess\.PIPE\b`, []string{"subprocess_run", "subprocess_io"}},
	{"subprocess.DEVNULL", `subprocess\.DEVNULL\b`, []string{"subprocess_run", "subprocess_io"}},
	{"subprocess.STDOUT", `subprocess\.STDOUT\b`, []string{"subprocess_run", "subprocess_io"}},
	{"text=", `\btext=True`, []string{"subprocess_run", "subprocess_popen"}},
	{"universal_newlines=", `\buniversal_newlines=True`, []string{"subprocess_run", "subprocess_io"}},
	{"encoding=", `\bencoding="utf-8"`, []string{"subprocess_run", "subprocess_io"}},
	{"stdout= an open file", `stdout=out\b`, []string{"subprocess_io"}},
	{"stdin= an open file", `stdin=inp\b`, []string{"subprocess_io"}},
	{"stderr= an open file", `stderr=err\b`, []string{"subprocess_io"}},
	{"input=", `\binput=`, []string{"subprocess_run"}},
	{"TimeoutExpired and os.kill on timeout", `timeout=0\.`, []string{"subprocess_timeout", "subprocess_errors"}},
	{"CalledProcessError", `check=True`, []string{"subprocess_errors", "subprocess_misc"}},
	{"a missing cwd", `"missing-dir"`, []string{"subprocess_cwd"}},
	// time.
	{"time.time", `time\.time\(`, []string{"time_clock"}},
	{"time.monotonic", `time\.monotonic\(`, []string{"time_clock"}},
	{"time.sleep", `time\.sleep\(`, []string{"time_clock"}},
	{"time.localtime", `time\.localtime\(`, []string{"time_struct", "time_strftime", "time_clock"}},
	{"time.gmtime", `time\.gmtime\(`, []string{"time_struct", "time_clock"}},
	{"time.mktime", `time\.mktime\(`, []string{"time_struct", "time_strftime", "time_clock"}},
	{"time.strptime", `time\.strptime\(`, []string{"time_strptime"}},
	{"time.perf_counter", `time\.perf_counter\(`, []string{"time_struct", "time_clock"}},
	{"time.time_ns", `time\.time_ns\(`, []string{"time_struct", "time_clock"}},
	{"time.ctime", `time\.ctime\(`, []string{"time_struct", "time_clock"}},
	{"time.asctime", `time\.asctime\(`, []string{"time_struct", "time_strftime"}},
	{"time.timezone", `time\.timezone\b`, []string{"time_struct"}},
	{"time.tzname", `time\.tzname\b`, []string{"time_struct", "time_clock"}},
	{"time.struct_time", `time\.struct_time\(`, []string{"time_struct", "time_strftime", "time_clock"}},
	{"time.strftime with a struct_time", `time\.strftime\([^)]*, (st|winter|t)\)`, []string{"time_strftime"}},
	{"strftime %-d", `%-d`, []string{"time_struct", "time_strftime"}},
	{"strftime %_d", `%_d`, []string{"time_struct", "time_strftime"}},
	{"strftime %P", `%P`, []string{"time_struct", "time_strftime"}},
	{"strftime %^a", `%\^a`, []string{"time_struct", "time_strftime"}},
	// socket.
	{"socket.socket", `socket\.socket\(`, []string{"socket_tcp", "socket_udp", "socket_server", "socket_dgram"}},
	{"socket.connect", `\.connect\(`, []string{"socket_tcp", "socket_dgram"}},
	{"socket.bind", `\.bind\(`, []string{"socket_tcp", "socket_udp", "socket_server"}},
	{"socket.listen", `\.listen\(`, []string{"socket_tcp", "socket_server"}},
	{"socket.accept", `\.accept\b`, []string{"socket_tcp", "socket_server"}},
	{"socket.send", `\.send\(`, []string{"socket_tcp", "socket_dgram"}},
	{"socket.sendall", `\.sendall\(`, []string{"socket_tcp", "socket_server"}},
	{"socket.sendto", `\.sendto\(`, []string{"socket_udp", "socket_dgram"}},
	{"socket.recv", `\.recv\(`, []string{"socket_tcp", "socket_server", "socket_dgram"}},
	{"socket.recvfrom", `\.recvfrom\b`, []string{"socket_udp", "socket_dgram"}},
	{"socket.settimeout", `\.settimeout\b`, []string{"socket_tcp", "socket_server", "socket_dgram"}},
	{"socket.close", `\.close\(`, []string{"socket_tcp", "socket_server", "socket_dgram"}},
	{"socket.create_connection", `socket\.create_connection\b`, []string{"socket_tcp", "socket_server"}},
	{"socket.gethostbyname", `socket\.gethostbyname\b`, []string{"socket_resolve", "socket_names"}},
	{"socket.getfqdn", `socket\.getfqdn\(`, []string{"socket_resolve", "socket_names"}},
	{"socket.getaddrinfo", `socket\.getaddrinfo\b`, []string{"socket_resolve", "socket_names"}},
	// urllib.request (http.client.connect/send are raised by every urlopen).
	{"urllib.request.urlopen", `urllib\.request\.urlopen\b`, []string{"urlopen_get", "urlopen_post", "urlopen_headers", "urlopen_errors"}},
	{"Request with method=", `urllib\.request\.Request\([^)]*method=`, []string{"urlopen_post", "urlopen_headers"}},
	{"case-insensitive response.headers", `h\["CONTENT-TYPE"\]`, []string{"urlopen_headers"}},
	{"redirects", `/redir30[137]`, []string{"urlopen_errors"}},
	{"HTTPError", `"/fail"`, []string{"urlopen_errors"}},
	// urllib.parse.
	{"urllib.parse.urlparse", `\burlparse\(`, []string{"url_parse", "url_join"}},
	{"urllib.parse.urlencode", `\burlencode\(`, []string{"url_parse", "url_quote"}},
	{"urllib.parse.quote", `\bquote\(`, []string{"url_parse", "url_quote"}},
	{"urllib.parse.unquote", `\bunquote\(`, []string{"url_parse", "url_quote"}},
	{"urllib.parse.urljoin", `\burljoin\(`, []string{"url_parse", "url_join"}},
	// open().
	{"open encoding=", `open\([^)]*encoding=`, []string{"open_seek", "open_text"}},
	{"open errors=", `open\([^)]*errors=`, []string{"open_seek", "open_text"}},
	{"open newline=", `open\([^)]*newline=`, []string{"open_seek", "open_newline"}},
	{"file.seek", `\.seek\(`, []string{"open_seek", "open_text"}},
	{"file.tell", `\.tell\(`, []string{"open_seek", "open_text"}},
	{"file.truncate", `\.truncate\(`, []string{"open_seek", "open_text"}},
	{"file.fileno", `\.fileno\(`, []string{"open_seek", "open_text"}},
	{"file.readable", `\.readable\(`, []string{"open_seek", "open_text"}},
	{"file.writable", `\.writable\(`, []string{"open_seek", "open_text"}},
	{"bytes to a text file is TypeError", `"bytes to text"`, []string{"open_newline"}},
}

func TestNetCoverage(t *testing.T) {
	for _, c := range netCoverage {
		rx := regexp.MustCompile(c.re)
		if len(c.pairs) == 0 {
			t.Errorf("checklist: %s has no pair", c.what)
		}
		for _, p := range c.pairs {
			for _, ext := range []string{".star", ".py"} {
				if !rx.MatchString(readPair(t, p+ext)) {
					t.Errorf("checklist: %s%s does not call %s (/%s/): update the pair or the checklist in net_coverage_test.go", p, ext, c.what, c.re)
				}
			}
		}
	}
}

func readPair(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(pairDir, name))
	if err != nil {
		t.Errorf("checklist: %v", err)
	}
	return string(data)
}
