// Package record encodes audit records: one JSON object per line, field
// names in Elastic Common Schema style, arguments rendered from Starlark
// values by the rules of spec §5.1, and a tamper-evidence chain value
// (event.hash) as the last field.
//
// Encoding appends to a caller-owned byte slice and does not allocate for
// ordinary arguments, so that the launcher can encode each record into one
// reused buffer and hand it to the kernel with a single write(2). Nothing
// here buffers records: a record is complete bytes or nothing.
package record
