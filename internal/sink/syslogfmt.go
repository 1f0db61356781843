package sink

import (
	"os"
	"strconv"
	"time"
)

// Syslog facility for every native record: authpriv, because records carry
// arguments (paths, URLs, commands) that ordinary users should not read.
const facilityAuthpriv = 10

// Syslog severities (RFC 5424 §6.2.1).
const (
	sevWarning = 4
	sevNotice  = 5
	sevInfo    = 6
)

// AppName is the syslog APP-NAME and journald SYSLOG_IDENTIFIER of every
// record, which is what collectors filter on.
const AppName = "spython"

// severity maps a record to a syslog severity: a denial is a warning, a
// would-be denial a notice, everything else informational.
func severity(m Meta) int {
	switch m.Type {
	case "denied":
		return sevWarning
	case "would_deny":
		return sevNotice
	}
	return sevInfo
}

// timeLayout5424 is RFC 5424's TIMESTAMP with microseconds, in UTC.
const timeLayout5424 = "2006-01-02T15:04:05.000000Z07:00"

// header holds the constant parts of an RFC 5424 header.
type header struct {
	host   string // HOSTNAME, or "-"
	procid string
}

func newHeader() header {
	h, _ := os.Hostname()
	return header{host: printUSASCII(h, 255), procid: strconv.Itoa(os.Getpid())}
}

// printUSASCII keeps a header field within RFC 5424's PRINTUSASCII (no
// spaces) and length limit; an empty result is the NILVALUE "-".
func printUSASCII(s string, max int) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < max; i++ {
		if c := s[i]; c > 32 && c < 127 {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return "-"
	}
	return string(b)
}

// append5424 appends one RFC 5424 message whose MSG is the record line
// without its newline:
//
//	<PRI>1 TIMESTAMP HOSTNAME spython PROCID MSGID - {record}
//
// MSGID is spython.decision (allowed, denied, would_deny): a fixed vocabulary a
// relay can route on without parsing the JSON.
func (h *header) append5424(dst []byte, now time.Time, m Meta, line []byte) []byte {
	dst = append(dst, '<')
	dst = strconv.AppendInt(dst, int64(facilityAuthpriv*8+severity(m)), 10)
	dst = append(dst, ">1 "...)
	// The record's own @timestamp, not the send time: a collector that
	// sorts or windows by the header sees when the event was raised.
	if !m.Time.IsZero() {
		now = m.Time
	}
	dst = now.UTC().AppendFormat(dst, timeLayout5424)
	dst = append(dst, ' ')
	dst = append(dst, h.host...)
	dst = append(dst, " "+AppName+" "...)
	dst = append(dst, h.procid...)
	dst = append(dst, ' ')
	dst = append(dst, msgID(m.Type)...)
	dst = append(dst, " - "...)
	return append(dst, trimNL(line)...)
}

func msgID(typ string) string {
	switch typ {
	case "allowed", "denied", "would_deny":
		return typ
	}
	return "-"
}

func trimNL(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		return line[:n-1]
	}
	return line
}
