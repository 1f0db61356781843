package archive

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"io"

	"github.com/ulikunitz/xz"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Compression names, as tarfile's modes spell them ("r:gz"); "" is none.
const (
	Gzip  = "gz"
	Bzip2 = "bz2"
	XZ    = "xz"
)

// magics are the first bytes of each compressed stream.
var magics = map[string][]byte{
	Gzip:  {0x1f, 0x8b},
	Bzip2: []byte("BZh"),
	XZ:    {0xfd, '7', 'z', 'X', 'Z', 0},
}

// notThis is CPython's ReadError text when a stream is not of a kind.
var notThis = map[string]string{
	Gzip:  "not a gzip file",
	Bzip2: "not a bzip2 file",
	XZ:    "not an lzma file",
}

// Sniff names the compression br's stream starts with ("" for none).
func Sniff(br *bufio.Reader) string {
	head, _ := br.Peek(6)
	for _, c := range []string{Gzip, Bzip2, XZ} {
		if bytes.HasPrefix(head, magics[c]) {
			return c
		}
	}
	return ""
}

// Decompress wraps r in the decompressor of comp. The caller closes the
// returned closer.
func Decompress(comp string, br *bufio.Reader) (io.Reader, io.Closer, error) {
	switch comp {
	case "":
		return br, io.NopCloser(nil), nil
	case Gzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, core.Errorf("ReadError", "not a gzip file")
		}
		return zr, zr, nil
	case Bzip2:
		if head, _ := br.Peek(3); !bytes.Equal(head, magics[Bzip2]) {
			return nil, nil, core.Errorf("ReadError", "not a bzip2 file")
		}
		return bzip2.NewReader(br), io.NopCloser(nil), nil
	case XZ:
		// The dictionary is the larger of 8 MiB and what the stream
		// declares (as liblzma, which CPython uses, with no memlimit); the
		// run's memory limit bounds it.
		xr, err := xz.NewReader(br)
		if err != nil {
			return nil, nil, core.Errorf("ReadError", "not an lzma file")
		}
		return xr, io.NopCloser(nil), nil
	}
	return nil, nil, core.Errorf("CompressionError", "unknown compression type %s", core.Quote(comp))
}

// Compress wraps w in the compressor of comp ("" for none). There is no
// bzip2 compressor in Go's standard library nor a maintained one that
// spython may depend on: writing bz2 fails as CPython does when its bz2
// module is missing.
func Compress(comp string, w io.Writer) (io.WriteCloser, error) {
	switch comp {
	case "":
		return nopWriteCloser{w}, nil
	case Gzip:
		return gzip.NewWriterLevel(w, gzip.BestCompression) // CPython's compresslevel=9
	case XZ:
		xw, err := xz.NewWriter(w)
		if err != nil {
			return nil, core.Errorf("OSError", "%v", err)
		}
		return xw, nil
	case Bzip2:
		return nil, ErrNoBzip2Writer()
	}
	return nil, core.Errorf("CompressionError", "unknown compression type %s", core.Quote(comp))
}

// ErrNoBzip2Writer is tarfile's error for "w:bz2" without a compressor.
func ErrNoBzip2Writer() error {
	return core.Errorf("CompressionError", "bz2 module is not available")
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
