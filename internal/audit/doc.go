// Package audit is the launcher's own audit hook: for every event it asks
// the policy for a decision, writes the record carrying that decision to
// the log and the native sinks, and only then lets the decision take
// effect. A record that cannot be written is fatal (exit 3): no event
// proceeds unlogged.
//
// It also guards the run's own log: no script API may write, truncate,
// remove, rename or chmod it, whatever the policy says.
package audit
