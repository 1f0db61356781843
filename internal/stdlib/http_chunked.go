package stdlib

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const (
	// httpMaxChunkLine bounds a chunk-size line (size and extensions).
	httpMaxChunkLine = 4096
	// httpMaxTrailer bounds the trailer section, which is read and dropped.
	httpMaxTrailer = 64 << 10
)

var errChunked = errors.New("malformed chunked encoding")

// chunkedReader decodes a Transfer-Encoding: chunked body (RFC 9112
// section 7.1): hex size lines ending in CRLF, chunk extensions ignored,
// each chunk's data followed by CRLF, a zero-size chunk, then trailers,
// which are read (bounded) and dropped.
type chunkedReader struct {
	br     *bufio.Reader
	left   uint64 // data bytes left in the current chunk
	inData bool   // a chunk's data has been started: its CRLF is due after it
	err    error  // sticky: io.EOF after the last chunk
}

func (c *chunkedReader) Read(p []byte) (int, error) {
	for c.err == nil && c.left == 0 {
		c.err = c.next()
	}
	if c.err != nil {
		return 0, c.err
	}
	if uint64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.br.Read(p)
	c.left -= uint64(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		c.err = err
	}
	return n, err
}

// next ends the current chunk and starts the next one; io.EOF when the
// last chunk (and the trailer) has been read.
func (c *chunkedReader) next() error {
	if c.inData {
		var crlf [2]byte
		if _, err := io.ReadFull(c.br, crlf[:]); err != nil {
			return eofUnexpected(err)
		}
		if string(crlf[:]) != "\r\n" {
			return fmt.Errorf("%w: no CRLF after chunk data", errChunked)
		}
		c.inData = false
	}
	size, err := c.readSize()
	if err != nil {
		return err
	}
	if size == 0 {
		return c.skipTrailer()
	}
	c.left, c.inData = size, true
	return nil
}

// readSize reads a chunk-size line. It must end in CRLF: a bare LF is
// refused, as RFC 9112 errata 7633 says and as Go's net/http does.
func (c *chunkedReader) readSize() (uint64, error) {
	line, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull || len(line) > httpMaxChunkLine {
		return 0, fmt.Errorf("%w: chunk size line longer than %d bytes", errChunked, httpMaxChunkLine)
	}
	if err != nil {
		return 0, eofUnexpected(err)
	}
	if !strings.HasSuffix(string(line), "\r\n") {
		return 0, fmt.Errorf("%w: chunk size line ends in a bare LF", errChunked)
	}
	return parseChunkSize(string(line[:len(line)-2]))
}

// parseChunkSize parses "1a3f" or "1a3f;name=value" (extensions are
// dropped). Only hex digits, at most 15 of them: no sign, no 0x, no
// blanks before the size.
func parseChunkSize(line string) (uint64, error) {
	if strings.IndexByte(line, '\r') >= 0 {
		return 0, fmt.Errorf("%w: CR in chunk size line %q", errChunked, line)
	}
	s, _, _ := strings.Cut(line, ";")
	s = strings.TrimRight(s, " \t")
	if s == "" || len(s) > 15 || strings.Trim(s, "0123456789abcdefABCDEF") != "" {
		return 0, fmt.Errorf("%w: bad chunk size %q", errChunked, line)
	}
	return strconv.ParseUint(s, 16, 64)
}

// skipTrailer reads the trailer fields up to the empty line. A server
// that closes the connection instead of sending it is tolerated, as in
// Python: the body is complete.
func (c *chunkedReader) skipTrailer() error {
	budget := httpMaxTrailer
	for {
		line, err := readHTTPLine(c.br, &budget)
		switch {
		case errors.Is(err, errHTTPHeadTooLarge):
			return fmt.Errorf("%w: trailer longer than %d bytes", errChunked, httpMaxTrailer)
		case err == io.EOF && line == "":
			return io.EOF
		case err != nil:
			return eofUnexpected(err)
		case line == "":
			return io.EOF
		}
	}
}
