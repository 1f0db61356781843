package sink

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"
)

// TCP timeouts and reconnect backoff. A collector that does not accept a
// record within tcpWriteTimeout counts as failed (fatal for a required
// sink), so a stuck collector cannot stall the script forever.
const (
	tcpDialTimeout  = 5 * time.Second
	tcpWriteTimeout = 10 * time.Second
	tcpBackoffMin   = time.Second
	tcpBackoffMax   = 30 * time.Second
)

// ErrSinkDown is returned while a failed TCP collector is in backoff.
var ErrSinkDown = errors.New("collector unreachable; in reconnect backoff")

// TCP sends records to a syslog collector over TCP, each an RFC 5424
// message in RFC 6587 octet-counted framing ("LEN SP MSG"). Only the
// record being written is ever held: on failure it reconnects once and
// resends that record, and then backs off (1s doubling to 30s) during
// which records are not sent and ErrSinkDown is returned. A record cut
// short by a broken connection is discarded by the collector with the
// connection, so a resend cannot leave a half record in the stream.
type TCP struct {
	mu      sync.Mutex
	addr    string
	all     bool
	conn    net.Conn
	hdr     header
	msg     []byte // the RFC 5424 message
	buf     []byte // the frame
	now     func() time.Time
	retryAt time.Time
	backoff time.Duration
}

// NewTCP returns a sink for the collector at addr (host:port); it connects
// on Connect or on the first record.
func NewTCP(addr string, all bool) *TCP {
	return &TCP{addr: addr, all: all, hdr: newHeader(), now: time.Now}
}

// Connect dials the collector now.
func (t *TCP) Connect() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dial()
}

func (t *TCP) dial() error {
	c, err := net.DialTimeout("tcp", t.addr, tcpDialTimeout)
	if err != nil {
		t.fail()
		return fmt.Errorf("tcp sink %s: %w", t.addr, err)
	}
	t.conn, t.backoff = c, 0
	return nil
}

// fail drops the connection and schedules the next attempt.
func (t *TCP) fail() {
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
	switch {
	case t.backoff == 0:
		t.backoff = tcpBackoffMin
	case t.backoff < tcpBackoffMax:
		t.backoff = min(2*t.backoff, tcpBackoffMax)
	}
	t.retryAt = t.now().Add(t.backoff)
}

// Enabled: important records, or all when the policy says so.
func (t *TCP) Enabled(m Meta) bool { return t.all || m.Important }

// Handle frames and sends one record.
func (t *TCP) Handle(m Meta, line []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.frame(m, line)
	if t.conn == nil {
		if t.now().Before(t.retryAt) {
			return fmt.Errorf("tcp sink %s: %w", t.addr, ErrSinkDown)
		}
		if err := t.dial(); err != nil {
			return err
		}
	}
	err := t.send()
	if err == nil {
		return nil
	}
	// Once more on a fresh connection: the collector may have restarted.
	t.conn.Close()
	t.conn = nil
	if derr := t.dial(); derr != nil {
		return fmt.Errorf("tcp sink %s: %w (reconnect: %v)", t.addr, err, derr)
	}
	if err := t.send(); err != nil {
		t.fail()
		return fmt.Errorf("tcp sink %s: %w", t.addr, err)
	}
	return nil
}

// frame renders "LEN SP MSG" into the sink's buffer (the one record held).
func (t *TCP) frame(m Meta, line []byte) {
	t.msg = t.hdr.append5424(t.msg[:0], t.now(), m, line)
	t.buf = strconv.AppendInt(t.buf[:0], int64(len(t.msg)), 10)
	t.buf = append(t.buf, ' ')
	t.buf = append(t.buf, t.msg...)
}

func (t *TCP) send() error {
	t.conn.SetWriteDeadline(time.Now().Add(tcpWriteTimeout))
	_, err := t.conn.Write(t.buf)
	return err
}

// Close closes the connection.
func (t *TCP) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conn == nil {
		return nil
	}
	err := t.conn.Close()
	t.conn = nil
	return err
}

var _ Handler = (*TCP)(nil)
