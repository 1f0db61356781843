package sink

// Meta describes a record so that a handler can route it without parsing.
type Meta struct {
	Seq    uint64
	Action string
	Type   string // allowed, denied, would_deny
	// Important marks the records every native sink receives: run start and
	// end, denials and would-be denials, chain anchors.
	Important bool
	// Anchor is set on records whose chain head the native sinks must keep.
	Anchor bool
	Hash   string // the record's event.hash, set when Anchor is
}

// Handler receives complete records, one line each.
type Handler interface {
	// Enabled reports whether the handler wants a record.
	Enabled(m Meta) bool
	// Handle delivers one record (ending in '\n') to the kernel.
	Handle(m Meta, line []byte) error
	Close() error
}
