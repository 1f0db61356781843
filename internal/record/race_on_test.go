//go:build race

package record

// raceEnabled: under the race detector sync.Pool drops items at random
// (zerolog pools its events), so allocation counts are not meaningful.
// `make test` runs the allocation tests once more without -race.
const raceEnabled = true
