package interp

import (
	"io"
	"strconv"
	"sync"
)

// outputLimit counts the bytes the script writes to its standard streams
// (print, and a child's output passed through by subprocess) against the
// policy's limits.output_size. stdout and stderr share one budget, so the
// limit cannot be sidestepped by switching streams. The write that crosses
// the limit is cut at the limit; the run then stops with
// spython.limit (output_size, N) and exit 5.
type outputLimit struct {
	r   *runner
	mu  sync.Mutex // children's output arrives from several goroutines
	max int64
	n   int64
}

// limitOutput wraps the streams when the policy limits output.
func (r *runner) limitOutput(max int64, stdout, stderr io.Writer) (io.Writer, io.Writer) {
	if max <= 0 {
		return stdout, stderr
	}
	o := &outputLimit{r: r, max: max}
	r.limits.output = o
	wrap := func(w io.Writer) io.Writer {
		if w == nil {
			return nil
		}
		return &limitedWriter{o: o, w: w}
	}
	return wrap(stdout), wrap(stderr)
}

type limitedWriter struct {
	o *outputLimit
	w io.Writer
}

func (lw *limitedWriter) Write(p []byte) (int, error) {
	o := lw.o
	o.mu.Lock()
	if err := o.r.fatalCause(); err != nil {
		o.mu.Unlock()
		return 0, err
	}
	if o.n+int64(len(p)) <= o.max {
		o.n += int64(len(p))
		n, err := lw.w.Write(p)
		o.mu.Unlock()
		return n, err
	}
	room := o.max - o.n
	o.n = o.max
	n, _ := lw.w.Write(p[:room])
	o.mu.Unlock()
	o.r.limitHit(LimitOutput, strconv.FormatInt(o.max, 10))
	if err := o.r.fatalCause(); err != nil {
		return n, err
	}
	return n, &LimitError{Limit: LimitOutput, Value: strconv.FormatInt(o.max, 10)}
}
