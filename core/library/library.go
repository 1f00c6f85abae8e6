// Package library is the schema of the playground's saved experiments: the
// records the browser keeps in IndexedDB and writes to (and reads from)
// library files.
//
// IVISIT (A. Knoblauch, "IVISIT: An Interactive Visual Simulation Tool for
// system simulation, visualization, optimization, and parameter management",
// arXiv:2408.03341, 2024) keeps every parameter set in an SQLite database
// with a name, a comment and a hand-entered grade. The playground does the same in the browser with two
// kinds of record:
//
//   - a [Config] is a saved configuration: a name, a comment, a grade from 0
//     to 5, when it was created and last modified, the lab it belongs to and
//     the configuration itself as the lab's permalink text (the URL hash,
//     without '#'). The permalink is already a complete, versioned and
//     validated encoding of a configuration ([params.Table.Encode]), so a
//     saved configuration is opened by setting the page's hash to it;
//   - a [Result] is what an experiment produced under a configuration: the
//     experiment's name, its rows (the same JSON rows the native command
//     writes), when it ran and for how long, and optionally its charts (the
//     curves of a Dopamine or sparse-lab run); it links to its Config by id.
//
// Every record carries the schema [Version] it was written with, and so does
// a library [File] (the JSON export of one or all records). [Import] reads a
// file from anywhere and trusts nothing in it: it checks the format marker,
// the version (older files are upgraded, newer ones refused), every field of
// every record, the links between results and configurations, and decodes
// every permalink through its lab's own parameter table — the same
// validation a typed-in link gets. A file whose permalinks decode with
// notices (unknown keys, values out of range, links from a newer playground)
// is refused with the record and the notice named: importing must reproduce
// exactly what was exported, never a silently repaired variant. Permalinks
// that pass are normalised (rewritten by [params.Table.Encode], so keys come
// in table order and omitted keys get their defaults).
//
// [Compare] lines up the parameters of two saved configurations (of the same
// lab or of two labs) for the side-by-side view.
//
// The package is pure Go; the browser reaches it through wasm/bridge
// (validateImport, compareConfigs). It validates against the labs that are
// registered with [lab.Register], so callers import the lab packages they
// need.
package library

// Format is the value of a library file's "format" field; a JSON file
// without it is not a library file.
const Format = "hebbplay-library"

// Version is the current schema version of records and files. Files of an
// older version are upgraded by the migrations in [Import]; files of a newer
// version are refused. Version 2 added the optional charts of a result (the
// curves of a Dopamine or sparse-lab run).
const Version = 2

// Limits on what an imported file may hold. They are far above anything a
// person saves by hand and keep a hostile file from exhausting the page.
const (
	// MaxFileBytes bounds the size of an imported file: 8 MB, room for
	// thousands of saved configurations or a result of the largest allowed
	// size (MaxRows rows), while a hostile file is refused before it is
	// parsed. The page refuses larger files before reading them.
	MaxFileBytes = 8 << 20
	// MaxRecords bounds the number of configurations, and separately of
	// results, in a file.
	MaxRecords = 10000
	// MaxRows bounds the rows of one result.
	MaxRows = 100000
	// MaxNameLen bounds a configuration's name, in characters.
	MaxNameLen = 200
	// MaxCommentLen bounds a comment, in characters.
	MaxCommentLen = 10000
	// MaxHashLen bounds a permalink, in bytes.
	MaxHashLen = 8000
	// MaxGrade is the best grade; grades run from 0 (ungraded) to MaxGrade.
	MaxGrade = 5
)

// Config is a saved configuration. The JSON form is the record stored in
// IndexedDB and written to library files.
type Config struct {
	// ID identifies the record (letters, digits, '-', '_' and '.').
	ID string `json:"id"`
	// Name is the name the user gave it.
	Name string `json:"name"`
	// Comment is free text (may be empty).
	Comment string `json:"comment"`
	// Grade ranks configurations, 0 (ungraded) to MaxGrade.
	Grade int `json:"grade"`
	// Created and Modified are RFC 3339 times in UTC, as JavaScript's
	// Date.toISOString writes them; Modified is never before Created.
	Created  string `json:"created"`
	Modified string `json:"modified"`
	// Lab is the id of the lab the configuration belongs to.
	Lab string `json:"lab"`
	// Hash is the configuration: the lab's permalink, without '#'.
	Hash string `json:"hash"`
	// Schema is the schema version the record was written with.
	Schema int `json:"schema"`
}

// Result is the outcome of one experiment run under a saved configuration.
type Result struct {
	// ID identifies the record.
	ID string `json:"id"`
	// Config is the ID of the configuration the result belongs to.
	Config string `json:"config"`
	// Experiment names the experiment ("storage", "proto", "corr", …).
	Experiment string `json:"experiment"`
	// Ran is when the run finished (RFC 3339, UTC).
	Ran string `json:"ran"`
	// Seconds is how long the run took.
	Seconds float64 `json:"seconds"`
	// Hash is the permalink of the configuration the run measured, without
	// '#' (normally equal to the linked configuration's).
	Hash string `json:"hash"`
	// Native is the native command line that computes the same rows (may
	// be empty).
	Native string `json:"native_command"`
	// Rows are the run's result rows: JSON objects of scalar values, as
	// the native command writes them with -format json (for a Dopamine or
	// sparse-lab run: its summary numbers, a row per model or optimizer).
	Rows []map[string]any `json:"rows"`
	// Charts are the run's curves, as the lab drew them (optional; the
	// memory lab's experiments keep theirs in Rows).
	Charts []Chart `json:"charts,omitempty"`
	// Schema is the schema version the record was written with.
	Schema int `json:"schema"`
}

// File is a library file: an export of one or all records.
type File struct {
	// Format is always [Format].
	Format string `json:"format"`
	// Version is the schema version of the file and of all its records.
	Version int `json:"version"`
	// Exported is when the file was written, in the canonical form of
	// Created. It is optional: the page always writes it, but a file made
	// by hand may lack it, and then it is empty and left out of the JSON
	// form, so that encoding an imported File gives a file Import accepts
	// again (and decodes to the same File).
	Exported string `json:"exported,omitempty"`
	// Configs are the configurations, Results their results. Every result
	// links to a configuration of the same file.
	Configs []Config `json:"configs"`
	Results []Result `json:"results"`
}
