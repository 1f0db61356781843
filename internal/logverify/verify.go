package logverify

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"

	"github.com/spython-dev/spython/internal/record"
)

// Break kinds.
const (
	KindFormat    = "format"       // not a well-formed record
	KindTruncated = "truncated"    // the file ends early (or a run's tail is gone)
	KindSequence  = "sequence"     // event.sequence does not follow
	KindBoundary  = "run boundary" // a run starts or ends where it cannot
	KindChain     = "chain"        // event.hash does not chain
	KindKey       = "key"          // the chain cannot be checked with the key given
	KindAnchor    = "anchor"       // the system log holds a different record
)

// Break is the first place where a log stops being trustworthy.
type Break struct {
	Line int
	Kind string
	Msg  string
}

func (b *Break) Error() string { return fmt.Sprintf("line %d: %s: %s", b.Line, b.Kind, b.Msg) }

// Options configure Verify.
type Options struct {
	// Key is the HMAC chain key; nil verifies SHA-256 chains only. With a
	// key, a run chained with plain SHA-256 is a break (a downgrade: the
	// key was missing at run time, or someone rewrote the run).
	Key []byte
	// FSS is a forward-secure key (record.Key with FSS set), best the
	// epoch-0 key kept off the host: it verifies hmac-sha256-fss runs of
	// its epoch and later ones. Key and FSS may both be given.
	FSS *record.Key
	// Anchors are records found in the system log (see ReadAnchors).
	Anchors []*Line
}

// Result summarises a verification.
type Result struct {
	Records int
	Runs    int
	Algs    map[string]int // runs per chain algorithm
	// AnchorsMatched counts anchors that matched a record of the file;
	// AnchorsOther counts anchors for runs of other scripts or older files.
	AnchorsMatched, AnchorsOther int
	// Warnings are facts worth a look that are not breaks, such as a run
	// without spython.run_end (killed with SIGKILL, still running, or cut
	// off; anchors tell these apart).
	Warnings []string
	Break    *Break // nil when the whole file verified
	// Epochs is the range of forward-secure epochs seen (when FSSRuns > 0).
	FirstEpoch, LastEpoch uint64
}

// MaxEpochSteps bounds how far the verifier steps a forward-secure key
// (one HMAC per step): a forged epoch of 2^63 must not hang it.
const MaxEpochSteps = 1 << 24

// Guarantee says, in one line, what a verified log's chain proves and
// what it does not (docs/log-format.md, "What verify guarantees").
func (r *Result) Guarantee() string {
	var g string
	switch {
	case r.Records == 0:
		return "empty log: nothing to guarantee"
	case r.Algs[record.AlgSHA256] > 0:
		g = "consistency only (sha256 runs): anyone who can write the file can rewrite it and recompute the chain"
	case r.Algs[record.AlgHMAC] > 0:
		g = "keyed (hmac-sha256 runs): only a holder of the key can forge records, but the key does not evolve: whoever reads it (root, a root script's children) can rewrite the whole log"
	default:
		g = fmt.Sprintf("forward-secure (hmac-sha256-fss, epochs %d-%d): a key stolen at epoch E cannot forge records of runs sealed before E; runs from E on are forgeable by the thief", r.FirstEpoch, r.LastEpoch)
	}
	if r.AnchorsMatched > 0 {
		return g + "; anchored: " + fmt.Sprint(r.AnchorsMatched) + " records match the off-host copies, so rewriting up to the last anchor and cutting anchored records are detected even by root"
	}
	return g + "; not anchored: records cut from the end of the file, and a rewrite by a key holder, are detectable only with --anchors (the off-host copy is the trust root)"
}

type runState struct {
	id         string
	alg        string
	key        []byte // the HMAC key of this run's records
	next       int64
	first      int
	last       int
	ended      bool
	firstStamp string
}

// Verify checks a log read from r. The error is for I/O only; a broken
// log is reported in Result.Break.
func Verify(r io.Reader, opt Options) (*Result, error) {
	res := &Result{Algs: map[string]int{}}
	anchors := indexAnchors(opt.Anchors)
	scripts := map[string]bool{}
	ends := map[string]*runState{}
	var order []*runState
	var cur *runState
	epochs := &epochState{used: map[uint64]string{}, cursor: opt.FSS}
	prev := ""
	br := bufio.NewReaderSize(r, 64<<10)
	firstStamp := ""
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if len(b) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		if !bytes.HasSuffix(b, []byte("\n")) {
			res.Break = &Break{n, KindTruncated, "the last line is not a complete record (no newline): the file was cut or a write was interrupted"}
			return res, nil
		}
		l, perr := parseLine(n, b[:len(b)-1])
		if perr != nil {
			res.Break = &Break{n, KindFormat, perr.Error()}
			return res, nil
		}
		if firstStamp == "" {
			firstStamp = l.Timestamp
		}
		if l.Script != nil {
			scripts[*l.Script] = true
		}
		// Runs may interleave (concurrent runs of one script share the log
		// and its append lock), but the file is still one chain: every
		// record chains from the line before it, whichever run wrote it.
		if st, seen := ends[l.RunID]; !seen {
			if brk := startRun(l, prev, len(ends) == 0, opt); brk != nil {
				res.Break = brk
				return res, nil
			}
			cur = &runState{id: l.RunID, alg: algOf(l), first: n, firstStamp: l.Timestamp}
			key, brk := runKey(l, opt, epochs)
			if brk != nil {
				res.Break = brk
				return res, nil
			}
			cur.key = key
			if cur.alg == record.AlgFSS {
				if e := *l.ChainEpoch; res.Algs[record.AlgFSS] == 0 || e < res.FirstEpoch {
					res.FirstEpoch = e
				}
				if e := *l.ChainEpoch; e > res.LastEpoch {
					res.LastEpoch = e
				}
			}
			ends[l.RunID] = cur
			order = append(order, cur)
			res.Runs++
			res.Algs[cur.alg]++
		} else {
			cur = st
			switch {
			case l.ChainAlg != nil && *l.Seq == 0:
				res.Break = &Break{n, KindBoundary, fmt.Sprintf("run %s starts a second time", l.RunID)}
				return res, nil
			case l.ChainAlg != nil || l.ChainPrev != nil:
				res.Break = &Break{n, KindBoundary, "spython.chain.alg inside a run (a run's first record repeated or inserted)"}
				return res, nil
			case cur.ended:
				res.Break = &Break{n, KindBoundary, fmt.Sprintf("record after spython.run_end of run %s", cur.id)}
				return res, nil
			case *l.Seq != cur.next:
				res.Break = &Break{n, KindSequence, seqMsg(*l.Seq, cur.next)}
				return res, nil
			}
		}
		if want := record.Sum(cur.key, prev, l.Body); l.Hash != want {
			res.Break = &Break{n, KindChain, "event.hash does not match: this line was changed or forged, or the line before it is not the record that preceded it"}
			return res, nil
		}
		if a, ok := anchors[l.RunID][*l.Seq]; ok {
			if a.Hash != l.Hash {
				res.Break = &Break{n, KindAnchor, fmt.Sprintf("event.hash differs from the system log's copy of this record (run %s sequence %d): the file was rewritten at or before this line", l.RunID, *l.Seq)}
				return res, nil
			}
			res.AnchorsMatched++
		}
		prev = l.Hash
		cur.next = *l.Seq + 1
		cur.last = n
		if l.Action == "spython.run_end" {
			cur.ended = true
		}
		res.Records++
	}
	for _, st := range order {
		if !st.ended {
			res.Warnings = append(res.Warnings, fmt.Sprintf("run %s (lines %d-%d) has no spython.run_end: killed, still running, or cut off", st.id, st.first, st.last))
		}
	}
	res.Break = checkAnchorTails(anchors, ends, order, scripts, firstStamp, res.Records, res)
	return res, nil
}

// startRun checks the first record of a run (or a line claiming to be one).
func startRun(l *Line, prev string, first bool, opt Options) *Break {
	n := l.N
	if l.ChainAlg == nil || l.ChainPrev == nil {
		if first {
			return &Break{n, KindBoundary, "the file starts inside a run (its first records were removed)"}
		}
		return &Break{n, KindBoundary, fmt.Sprintf("run %s begins without spython.chain.alg: its first record is missing, or the line belongs to no run here", l.RunID)}
	}
	if *l.Seq != 0 {
		return &Break{n, KindSequence, fmt.Sprintf("run %s starts at event.sequence %d, want 0", l.RunID, *l.Seq)}
	}
	if *l.ChainPrev != prev {
		if first {
			return &Break{n, KindBoundary, fmt.Sprintf("the first record chains from %q but the file has no earlier record: records before it were removed", *l.ChainPrev)}
		}
		return &Break{n, KindBoundary, fmt.Sprintf("spython.chain.prev %q is not the previous line's event.hash %q: records before this run's first record were removed or reordered", *l.ChainPrev, prev)}
	}
	switch alg := algOf(l); {
	case !knownAlgs[alg]:
		return &Break{n, KindFormat, fmt.Sprintf("unknown spython.chain.alg %q", alg)}
	case alg == record.AlgHMAC && len(opt.Key) == 0:
		return &Break{n, KindKey, fmt.Sprintf("run %s is chained with %s: give the key (--key FILE) to verify it", l.RunID, alg)}
	case alg == record.AlgFSS && opt.FSS == nil:
		return &Break{n, KindKey, fmt.Sprintf("run %s is chained with %s: give the forward-secure key (--key FILE, best the epoch-0 key kept off the host) to verify it", l.RunID, alg)}
	case alg == record.AlgFSS && l.ChainEpoch == nil:
		return &Break{n, KindFormat, fmt.Sprintf("run %s is chained with %s but has no %s", l.RunID, alg, record.FieldChainEpoch)}
	case alg != record.AlgFSS && l.ChainEpoch != nil:
		return &Break{n, KindFormat, fmt.Sprintf("%s on a %s run", record.FieldChainEpoch, alg)}
	case alg == record.AlgSHA256 && (len(opt.Key) > 0 || opt.FSS != nil):
		return &Break{n, KindKey, fmt.Sprintf("run %s is chained with plain sha256 although a key was given: a downgrade (the key was unavailable at run time, or the run was rewritten)", l.RunID)}
	}
	return nil
}

// epochState tracks the forward-secure epochs of a log: those used, and
// the latest epoch key derived.
type epochState struct {
	used   map[uint64]string
	cursor *record.Key
}

// runKey returns the HMAC key a run's records are chained with (nil for
// sha256). Forward-secure epochs are unique: each run takes its own.
func runKey(l *Line, opt Options, epochs *epochState) ([]byte, *Break) {
	switch algOf(l) {
	case record.AlgHMAC:
		return opt.Key, nil
	case record.AlgFSS:
		e := *l.ChainEpoch
		if other, dup := epochs.used[e]; dup {
			return nil, &Break{l.N, KindBoundary, fmt.Sprintf("run %s uses forward-secure epoch %d, already used by run %s: a run was copied or forged", l.RunID, e, other)}
		}
		epochs.used[e] = l.RunID
		// Step on from the last epoch derived when possible: runs come in
		// rising epochs, so a file costs one pass from the key's epoch.
		from := epochs.cursor
		if e < from.Epoch {
			from = opt.FSS
		}
		k, err := from.At(e, MaxEpochSteps)
		if err == nil && e > from.Epoch {
			epochs.cursor = from.Step(e)
		}
		if err != nil {
			return nil, &Break{l.N, KindKey, fmt.Sprintf("run %s: %v", l.RunID, err)}
		}
		return k, nil
	}
	return nil, nil
}

func seqMsg(got, want int64) string {
	if got > want {
		return fmt.Sprintf("event.sequence %d, want %d: %d record(s) missing or moved", got, want, got-want)
	}
	return fmt.Sprintf("event.sequence %d, want %d: a record repeated or moved", got, want)
}

// indexAnchors maps run id → sequence → anchor record.
func indexAnchors(as []*Line) map[string]map[int64]*Line {
	m := map[string]map[int64]*Line{}
	for _, a := range as {
		if m[a.RunID] == nil {
			m[a.RunID] = map[int64]*Line{}
		}
		m[a.RunID][*a.Seq] = a
	}
	return m
}

// checkAnchorTails finds anchors beyond what the file holds: a run whose
// tail is gone, or a whole run of one of the file's scripts, newer than
// the file's first record, that the file does not contain. It returns the
// break with the lowest line number.
func checkAnchorTails(anchors map[string]map[int64]*Line, runs map[string]*runState, order []*runState, scripts map[string]bool, firstStamp string, records int, res *Result) *Break {
	var breaks []*Break
	for id, bySeq := range anchors {
		st, inFile := runs[id]
		var maxA *Line
		for _, a := range bySeq {
			if maxA == nil || *a.Seq > *maxA.Seq {
				maxA = a
			}
		}
		if inFile {
			if *maxA.Seq >= st.next {
				breaks = append(breaks, &Break{st.last + 1, KindTruncated, fmt.Sprintf("the system log has run %s up to event.sequence %d (%s) but the file ends it at %d: records were removed", id, *maxA.Seq, maxA.Action, st.next-1)})
			}
			continue
		}
		script := ""
		if maxA.Script != nil {
			script = *maxA.Script
		}
		if !scripts[script] || firstStamp == "" || maxA.Timestamp < firstStamp {
			res.AnchorsOther += len(bySeq)
			continue // another script's log, or a run in an older (rotated) file
		}
		// Where the run should be: before the first run that started later.
		line := records + 1
		for _, o := range order {
			if o.firstStamp > maxA.Timestamp {
				line = o.first
				break
			}
		}
		breaks = append(breaks, &Break{line, KindTruncated, fmt.Sprintf("the system log has run %s of %s (last seen %s at %s) that the file does not contain: records were removed", id, script, maxA.Action, maxA.Timestamp)})
	}
	if len(breaks) == 0 {
		return nil
	}
	sort.Slice(breaks, func(i, j int) bool { return breaks[i].Line < breaks[j].Line })
	return breaks[0]
}

// ReadAnchors collects the spython records in exported system log text:
// `journalctl -o cat SYSLOG_IDENTIFIER=spython`, lines of an rsyslog file,
// or raw RFC 5424 messages. Lines without a record are skipped.
func ReadAnchors(r io.Reader) ([]*Line, error) {
	var out []*Line
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			if l, ok := recordIn(b); ok {
				out = append(out, l)
			}
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
