package sink

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"
)

// DefaultSyslogSocket is the local syslog socket.
const DefaultSyslogSocket = "/dev/log"

// Syslog sends records to the local syslog daemon as RFC 5424 messages
// with microsecond timestamps: one datagram per record on a unixgram
// socket, or one newline-terminated message on a stream socket when the
// daemon only offers that. (rsyslog parses RFC 5424 on /dev/log when
// imuxsock's SysSock.UseSpecialParser is off; see docs/log-format.md.)
type Syslog struct {
	mu     sync.Mutex
	path   string
	all    bool
	conn   net.Conn
	stream bool
	hdr    header
	buf    []byte
	now    func() time.Time
}

// OpenSyslog connects to the syslog socket at path ("" for /dev/log). all
// selects every record rather than the important ones.
func OpenSyslog(path string, all bool) (*Syslog, error) {
	if path == "" {
		path = DefaultSyslogSocket
	}
	s := &Syslog{path: path, all: all, hdr: newHeader(), now: time.Now}
	if err := s.dial(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Syslog) dial() error {
	c, err := net.Dial("unixgram", s.path)
	s.stream = false
	if errors.Is(err, syscall.EPROTOTYPE) {
		c, err = net.Dial("unix", s.path)
		s.stream = true
	}
	if err != nil {
		return fmt.Errorf("syslog sink %s: %w", s.path, err)
	}
	s.conn = c
	return nil
}

// Enabled: important records, or all when the policy says so.
func (s *Syslog) Enabled(m Meta) bool { return s.all || m.Important }

// Handle sends one message. If the daemon went away (restarted), it
// reconnects once and resends this record; nothing is queued.
func (s *Syslog) Handle(m Meta, line []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = s.hdr.append5424(s.buf[:0], s.now(), m, line)
	if s.stream {
		s.buf = append(s.buf, '\n')
	}
	err := s.send()
	if err == nil {
		return nil
	}
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
	if derr := s.dial(); derr != nil {
		return fmt.Errorf("syslog sink %s: %w (reconnect: %v)", s.path, err, derr)
	}
	if s.stream && s.buf[len(s.buf)-1] != '\n' {
		s.buf = append(s.buf, '\n')
	}
	if err := s.send(); err != nil {
		return fmt.Errorf("syslog sink %s: %w", s.path, err)
	}
	return nil
}

func (s *Syslog) send() error {
	if s.conn == nil {
		return errors.New("not connected")
	}
	_, err := s.conn.Write(s.buf)
	return err
}

// Close closes the socket.
func (s *Syslog) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	err := s.conn.Close()
	s.conn = nil
	return err
}

var _ Handler = (*Syslog)(nil)
