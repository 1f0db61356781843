package sink

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// DefaultJournalSocket is journald's native protocol socket.
const DefaultJournalSocket = "/run/systemd/journal/socket"

// Journald sends records over journald's native protocol: one datagram of
// KEY=value fields per record. journald adds the trusted _PID, _UID,
// _COMM, _EXE … fields itself from the socket's credentials, which a
// script cannot forge. A record too large for one datagram goes in a
// sealed memfd passed over the socket, as the protocol prescribes.
type Journald struct {
	mu   sync.Mutex
	path string
	all  bool
	conn *net.UnixConn
	buf  []byte
}

// OpenJournald connects to the journal socket at path ("" for the default).
func OpenJournald(path string, all bool) (*Journald, error) {
	if path == "" {
		path = DefaultJournalSocket
	}
	j := &Journald{path: path, all: all}
	if err := j.dial(); err != nil {
		return nil, err
	}
	return j, nil
}

func (j *Journald) dial() error {
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: j.path, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("journald sink %s: %w", j.path, err)
	}
	j.conn = c
	return nil
}

// Enabled: important records, or all when the policy says so.
func (j *Journald) Enabled(m Meta) bool { return j.all || m.Important }

// Handle sends one record. journald restarting is handled by one
// reconnect and resend; nothing is queued.
func (j *Journald) Handle(m Meta, line []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf = appendJournal(j.buf[:0], m, line)
	err := j.send()
	if err == nil {
		return nil
	}
	if j.conn != nil {
		j.conn.Close()
		j.conn = nil
	}
	if derr := j.dial(); derr != nil {
		return fmt.Errorf("journald sink %s: %w (reconnect: %v)", j.path, err, derr)
	}
	if err := j.send(); err != nil {
		return fmt.Errorf("journald sink %s: %w", j.path, err)
	}
	return nil
}

func (j *Journald) send() error {
	if j.conn == nil {
		return errors.New("not connected")
	}
	_, err := j.conn.Write(j.buf)
	if errors.Is(err, syscall.EMSGSIZE) || errors.Is(err, syscall.ENOBUFS) {
		return j.sendMemfd()
	}
	return err
}

// sendMemfd passes the datagram as a sealed memfd (journald's protocol for
// entries larger than a datagram).
func (j *Journald) sendMemfd() error {
	fd, err := unix.MemfdCreate("spython-journal", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return fmt.Errorf("memfd: %w", err)
	}
	defer unix.Close(fd)
	for b := j.buf; len(b) > 0; {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("memfd: %w", err)
		}
		b = b[n:]
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, unix.F_SEAL_SHRINK|unix.F_SEAL_GROW|unix.F_SEAL_WRITE|unix.F_SEAL_SEAL); err != nil {
		return fmt.Errorf("memfd seal: %w", err)
	}
	raw, err := j.conn.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := raw.Write(func(s uintptr) bool {
		serr = unix.Sendmsg(int(s), nil, unix.UnixRights(fd), nil, 0)
		return serr != unix.EAGAIN
	}); err != nil {
		return err
	}
	return serr
}

// Close closes the socket.
func (j *Journald) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.conn == nil {
		return nil
	}
	err := j.conn.Close()
	j.conn = nil
	return err
}

// appendJournal renders the native-protocol fields of one record.
func appendJournal(dst []byte, m Meta, line []byte) []byte {
	dst = appendField(dst, "MESSAGE", unsafeString(trimNL(line)))
	dst = append(dst, "PRIORITY="...)
	dst = strconv.AppendInt(dst, int64(severity(m)), 10)
	dst = append(dst, "\nSYSLOG_FACILITY="...)
	dst = strconv.AppendInt(dst, facilityAuthpriv, 10)
	dst = append(dst, "\nSYSLOG_IDENTIFIER="+AppName+"\n"...)
	dst = appendField(dst, "SPYTHON_EVENT_ACTION", m.Action)
	dst = appendField(dst, "SPYTHON_DECISION", m.Type)
	dst = appendField(dst, "SPYTHON_EVENT_TYPE", m.Type) // the decision, under its name before ECS records
	dst = append(dst, "SPYTHON_EVENT_SEQUENCE="...)
	dst = strconv.AppendUint(dst, m.Seq, 10)
	dst = append(dst, '\n')
	for _, f := range [...]struct{ key, v string }{
		{"SPYTHON_EVENT_REASON", m.Reason},
		{"SPYTHON_RUN_ID", m.RunID},
		{"SPYTHON_SCRIPT_PATH", m.ScriptPath},
		{"SPYTHON_POLICY", m.Policy},
	} {
		if f.v != "" {
			dst = appendField(dst, f.key, f.v)
		}
	}
	if m.Anchor {
		dst = appendField(dst, "SPYTHON_EVENT_HASH", m.Hash)
	}
	return dst
}

// appendField writes KEY=value, or the length-prefixed binary form when
// the value contains a newline (an audit event name may).
func appendField(dst []byte, key string, v string) []byte {
	if !strings.ContainsRune(v, '\n') {
		dst = append(dst, key...)
		dst = append(dst, '=')
		dst = append(dst, v...)
		return append(dst, '\n')
	}
	dst = append(dst, key...)
	dst = append(dst, '\n')
	dst = binary.LittleEndian.AppendUint64(dst, uint64(len(v)))
	dst = append(dst, v...)
	return append(dst, '\n')
}

// unsafeString views b as a string for the duration of a call that does
// not keep it.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

var _ Handler = (*Journald)(nil)
