package logverify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spython-dev/spython/internal/record"
)

// Line is one parsed record.
type Line struct {
	N         int     // 1-based line number
	Timestamp string  `json:"@timestamp"`
	Seq       *int64  `json:"event.sequence"`
	Action    string  `json:"event.action"`
	Type      string  `json:"spython.decision"` // allowed, denied, would_deny
	Reason    string  `json:"event.reason"`
	Args      []any   `json:"spython.args"`
	Location  string  `json:"spython.location"`
	RunID     string  `json:"spython.run.id"`
	Script    *string `json:"spython.script.path"`
	PID       *int64  `json:"process.pid"`
	UID       *string `json:"user.id"`
	Policy    string  `json:"spython.policy"`
	ChainAlg  *string `json:"spython.chain.alg"`
	ChainPrev *string `json:"spython.chain.prev"`
	// ChainEpoch is the forward-secure epoch of an hmac-sha256-fss run.
	ChainEpoch *uint64 `json:"spython.chain.epoch"`
	Hash       string  `json:"event.hash"`
	// Body is the record's bytes up to and including the ',' before
	// "event.hash": what the chain hashes.
	Body []byte `json:"-"`
}

const hashSuffixLen = len(`"event.hash":"`) + 64 + len(`"}`)

// parseLine parses one line (without its newline) and checks the shape
// every record has: a JSON object whose last field is a 64-hex event.hash.
func parseLine(n int, b []byte) (*Line, error) {
	if len(b) < hashSuffixLen+1 || !bytes.HasSuffix(b, []byte(`"}`)) {
		return nil, errors.New("event.hash is not the last field")
	}
	i := len(b) - hashSuffixLen
	if !bytes.HasPrefix(b[i:], []byte(`"event.hash":"`)) {
		return nil, errors.New("event.hash is not the last field")
	}
	for _, c := range b[i+len(`"event.hash":"`) : len(b)-2] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return nil, errors.New("event.hash is not 64 lowercase hex digits")
		}
	}
	if i == 0 || b[i-1] != ',' {
		return nil, errors.New("no field before event.hash")
	}
	l := &Line{N: n}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(l); err != nil {
		return nil, fmt.Errorf("not a JSON record: %v", err)
	}
	if dec.More() {
		return nil, errors.New("trailing data after the record")
	}
	switch {
	case l.Timestamp == "":
		return nil, errors.New("missing @timestamp")
	case l.Seq == nil:
		return nil, errors.New("missing event.sequence")
	case l.Action == "":
		return nil, errors.New("missing event.action")
	case l.Type == "":
		return nil, errors.New("missing spython.decision")
	case l.RunID == "":
		return nil, errors.New("missing spython.run.id")
	case l.PID == nil || l.UID == nil:
		return nil, errors.New("missing process.pid or user.id")
	}
	l.Body = b[:i]
	return l, nil
}

// recordIn finds a spython record in a line of exported system log text
// (journalctl -o cat, an rsyslog file line with a header before the JSON,
// a raw RFC 5424 message): the JSON object from the first '{' to the end.
func recordIn(b []byte) (*Line, bool) {
	b = bytes.TrimRight(b, "\r\n")
	i := bytes.IndexByte(b, '{')
	if i < 0 {
		return nil, false
	}
	l, err := parseLine(0, b[i:])
	if err != nil {
		return nil, false
	}
	return l, true
}

// algOf returns the chain algorithm a run-start line names.
func algOf(l *Line) string {
	if l.ChainAlg == nil {
		return ""
	}
	return *l.ChainAlg
}

var knownAlgs = map[string]bool{record.AlgSHA256: true, record.AlgHMAC: true, record.AlgFSS: true}
