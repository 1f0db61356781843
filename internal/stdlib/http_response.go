package stdlib

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// httpMaxHead bounds the bytes of a response's status lines and headers,
// interim (1xx) responses included, so a server cannot make urlopen hold
// an unbounded header section in memory.
const httpMaxHead = 1 << 20

// errors.New, not fmt.Errorf: a package variable is made at every start-up,
// and fmt's first use is cold code (about 0.1 ms here).
var errHTTPHeadTooLarge = errors.New("HTTP response headers exceed 1 MiB")

// errHTTPNoResponse is Python's http.client.RemoteDisconnected wording.
//
//lint:ignore ST1005 the message is Python's, capital and all
var errHTTPNoResponse = errors.New("Remote end closed connection without response")

// httpField is one header line of a response.
type httpField struct {
	name  string // canonical form: Content-Type
	value string
}

// httpHeader is a response's header lines, in the order received.
type httpHeader []httpField

// values returns the values of every line named name (case-insensitive),
// in order.
func (h httpHeader) values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.name, name) {
			out = append(out, f.value)
		}
	}
	return out
}

// del removes every line named name (case-insensitive).
func (h httpHeader) del(name string) httpHeader {
	out := h[:0]
	for _, f := range h {
		if !strings.EqualFold(f.name, name) {
			out = append(out, f)
		}
	}
	return out
}

// httpResponse is a parsed HTTP/1.x response; body yields the decoded
// body (empty when the response has none).
type httpResponse struct {
	minor  int // HTTP/1.minor
	status int
	reason string // from the status line: "Not Found"
	header httpHeader
	length int64 // Content-Length, -1 when the body is chunked or read to EOF
	body   io.Reader
}

// readHTTPResponse reads the final response to a request made with
// method, skipping interim 1xx responses (100 Continue and the like;
// 101 is final, as in Go). The body is left unread in br.
func readHTTPResponse(br *bufio.Reader, method string) (*httpResponse, error) {
	budget := httpMaxHead
	for first := true; ; first = false {
		resp, err := readHTTPHead(br, &budget, first)
		if err != nil {
			return nil, err
		}
		if resp.status >= 100 && resp.status < 200 && resp.status != 101 {
			continue
		}
		if err := resp.frame(br, method); err != nil {
			return nil, err
		}
		return resp, nil
	}
}

// readHTTPHead reads a status line and the header lines after it.
func readHTTPHead(br *bufio.Reader, budget *int, first bool) (*httpResponse, error) {
	line, err := readHTTPLine(br, budget)
	if err != nil {
		if err == io.EOF && first && line == "" {
			return nil, errHTTPNoResponse
		}
		return nil, eofUnexpected(err)
	}
	resp, err := parseStatusLine(line)
	if err != nil {
		return nil, err
	}
	if resp.header, err = readHTTPHeader(br, budget); err != nil {
		return nil, err
	}
	return resp, nil
}

// parseStatusLine parses "HTTP/1.1 404 Not Found" (the reason may be
// empty or missing).
func parseStatusLine(line string) (*httpResponse, error) {
	proto, rest, ok := strings.Cut(line, " ")
	if !ok {
		return nil, fmt.Errorf("malformed HTTP response %q", line)
	}
	if len(proto) != len("HTTP/1.1") || !strings.HasPrefix(proto, "HTTP/1.") || proto[7] < '0' || proto[7] > '9' {
		return nil, fmt.Errorf("malformed HTTP version %q", proto)
	}
	rest = strings.TrimLeft(rest, " ")
	code, reason, _ := strings.Cut(rest, " ")
	if len(code) != 3 || !isDigits(code) {
		return nil, fmt.Errorf("malformed HTTP status code %q", code)
	}
	status, _ := strconv.Atoi(code)
	return &httpResponse{minor: int(proto[7] - '0'), status: status, reason: strings.TrimSpace(reason)}, nil
}

// readHTTPHeader reads header lines up to the empty line. Names must be
// tokens; values lose surrounding blanks; a line folded onto the next
// (obs-fold) is joined with a space, as RFC 9112 asks of a client.
func readHTTPHeader(br *bufio.Reader, budget *int) (httpHeader, error) {
	var h httpHeader
	for {
		line, err := readHTTPLine(br, budget)
		if err != nil {
			return nil, eofUnexpected(err)
		}
		if line == "" {
			return h, nil
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(h) == 0 {
				return nil, fmt.Errorf("malformed HTTP header initial line %q", line)
			}
			v := strings.Trim(line, " \t")
			if !validHeaderValue(v) {
				return nil, fmt.Errorf("malformed HTTP header line %q", line)
			}
			last := &h[len(h)-1]
			last.value = strings.TrimRight(last.value+" "+v, " ")
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !validHeaderName(name) {
			return nil, fmt.Errorf("malformed HTTP header line %q", line)
		}
		value = strings.Trim(value, " \t")
		if !validHeaderValue(value) {
			return nil, fmt.Errorf("malformed HTTP header line %q", line)
		}
		h = append(h, httpField{canonicalHeaderKey(name), value})
	}
}

// readHTTPLine reads one line of a response head, without its LF or
// CRLF, charging its length to budget.
func readHTTPLine(br *bufio.Reader, budget *int) (string, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		*budget -= len(frag)
		if *budget < 0 {
			return "", errHTTPHeadTooLarge
		}
		line = append(line, frag...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return string(line), err
		}
		line = line[:len(line)-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		return string(line), nil
	}
}

// frame works out how the body is delimited, as RFC 9112 section 6.3
// says (and as Go's net/http did for urlopen before): no body for HEAD,
// 1xx, 204 and 304; chunked when HTTP/1.1 says so; else Content-Length;
// else up to EOF. Transfer-Encoding is removed from the header, and so is
// Content-Length when the body is chunked.
func (r *httpResponse) frame(br *bufio.Reader, method string) error {
	te := r.header.values("Transfer-Encoding")
	r.header = r.header.del("Transfer-Encoding")
	chunked := false
	if len(te) > 0 && r.minor >= 1 {
		if len(te) != 1 {
			return fmt.Errorf("too many transfer encodings: %q", te)
		}
		if !strings.EqualFold(te[0], "chunked") {
			return fmt.Errorf("unsupported transfer encoding: %q", te[0])
		}
		chunked = true
	}
	r.length = -1
	if cl := r.header.values("Content-Length"); len(cl) > 0 {
		for _, v := range cl[1:] {
			if v != cl[0] {
				return fmt.Errorf("HTTP response has differing Content-Length headers: %q", cl)
			}
		}
		if cl[0] == "" || !isDigits(cl[0]) || len(cl[0]) > 18 {
			return fmt.Errorf("bad Content-Length %q", cl[0])
		}
		r.length, _ = strconv.ParseInt(cl[0], 10, 64)
		if len(cl) > 1 { // identical duplicates: keep one
			r.header = append(r.header.del("Content-Length"), httpField{"Content-Length", cl[0]})
		}
	}
	switch {
	case method == "HEAD" || r.status/100 == 1 || r.status == 204 || r.status == 304:
		r.body = strings.NewReader("")
	case chunked:
		r.header = r.header.del("Content-Length")
		r.length = -1
		r.body = &chunkedReader{br: br}
	case r.length >= 0:
		r.body = &exactReader{r: br, n: r.length}
	default:
		r.body = br
	}
	return nil
}

// exactReader reads n bytes; an early EOF is io.ErrUnexpectedEOF, so a
// cut-short body is an error, never a short result.
type exactReader struct {
	r io.Reader
	n int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > e.n {
		p = p[:e.n]
	}
	n, err := e.r.Read(p)
	e.n -= int64(n)
	if err == io.EOF && e.n > 0 {
		err = io.ErrUnexpectedEOF
	} else if err == io.EOF {
		err = nil
	}
	return n, err
}

func eofUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// validHeaderValue allows visible characters, blanks and obs-text
// (bytes >= 0x80); no other control characters.
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// canonicalHeaderKey gives a token header name Go's canonical form:
// upper case first and after each '-', lower case elsewhere
// (content-TYPE → Content-Type). Other names are returned unchanged.
func canonicalHeaderKey(s string) string {
	if !validHeaderName(s) {
		return s
	}
	b := []byte(s)
	upper := true
	for i, c := range b {
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
		upper = c == '-'
	}
	return string(b)
}
