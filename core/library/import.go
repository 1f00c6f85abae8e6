package library

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// A migration upgrades a decoded file of version v to version v+1 in place:
// it rewrites the top-level fields and every record (including their
// "schema" fields).
type migration func(doc map[string]json.RawMessage) error

// migrations[v] upgrades a version-v file to v+1.
var migrations = map[int]migration{
	// Version 2 only added the optional "charts" of results: a version-1
	// record is a valid version-2 record once its schema says so.
	1: func(doc map[string]json.RawMessage) error { return setSchema(doc, 1, 2) },
}

// setSchema upgrades the "schema" of every configuration and result from
// version from to version to, refusing records of another schema (records
// that are not a list of objects are left alone: validation then names the
// problem).
func setSchema(doc map[string]json.RawMessage, from, to int) error {
	for _, key := range []string{"configs", "results"} {
		var recs []map[string]json.RawMessage
		if raw, ok := doc[key]; !ok || json.Unmarshal(raw, &recs) != nil {
			continue
		}
		for i, r := range recs {
			if r == nil {
				continue
			}
			raw, ok := r["schema"]
			if !ok {
				continue // validation names the missing field
			}
			if string(raw) != strconv.Itoa(from) {
				return fmt.Errorf(`%s %d: "schema" is %s, but the file's version is %d`, key[:len(key)-1], i+1, short(string(raw)), from)
			}
			r["schema"] = json.RawMessage(strconv.Itoa(to))
		}
		raw, err := json.Marshal(recs)
		if err != nil {
			return err
		}
		doc[key] = raw
	}
	return nil
}

// Import reads a library file and validates everything in it (see the
// package documentation). It returns the file with normalised permalinks,
// or an error naming the first problem found: the field, the record (by its
// position and name) and what is wrong.
func Import(data []byte) (File, error) {
	return importWith(data, Version, migrations)
}

func importWith(data []byte, current int, migs map[int]migration) (File, error) {
	var f File
	if len(data) > MaxFileBytes {
		return f, fmt.Errorf("the file is too large: %d bytes; library files may be at most %d MB (%d bytes)", len(data), MaxFileBytes>>20, MaxFileBytes)
	}
	if !utf8.Valid(data) {
		return f, errors.New("this is not a library file: it is not text (UTF-8)")
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return f, errors.New("this is not a library file: it is JSON, but not an object")
		}
		return f, fmt.Errorf("this is not a library file: it is not valid JSON (%v)", err)
	}
	if doc == nil {
		return f, errors.New("this is not a library file: it is JSON null")
	}
	var format string
	if raw, ok := doc["format"]; !ok || json.Unmarshal(raw, &format) != nil || format != Format {
		if _, rows := doc["rows"]; rows {
			if _, e := doc["experiment"]; e {
				return f, errors.New(`this is an experiment download (Download JSON), not a library file: save results with "Save results" instead`)
			}
		}
		if ok {
			return f, fmt.Errorf(`this is not a library file: its "format" is %s, expected %q`, short(string(raw)), Format)
		}
		return f, fmt.Errorf(`this is not a library file: it has no "format": %q field`, Format)
	}
	ver, err := intField(doc, "version")
	if err != nil {
		return f, err
	}
	switch {
	case ver < 1:
		return f, fmt.Errorf(`"version" %d is not a valid library version`, ver)
	case ver > current:
		return f, fmt.Errorf("this library file was made by a newer version of the playground (version %d; this page reads versions up to %d)", ver, current)
	}
	for v := ver; v < current; v++ {
		if m := migs[v]; m != nil {
			if err := m(doc); err != nil {
				return f, fmt.Errorf("upgrading the file from version %d: %v", v, err)
			}
		}
	}
	if err := onlyKeys(doc, "file", []string{"format", "version", "exported", "configs", "results"}, []string{"format", "version", "configs"}); err != nil {
		return f, err
	}
	f.Format, f.Version = Format, current
	if _, ok := doc["exported"]; ok {
		if f.Exported, err = timeField(doc, "exported"); err != nil {
			return f, err
		}
	}
	var configs, results []json.RawMessage
	if err := json.Unmarshal(doc["configs"], &configs); err != nil || configs == nil {
		return f, errors.New(`"configs" must be a list of configurations`)
	}
	if raw, ok := doc["results"]; ok {
		if err := json.Unmarshal(raw, &results); err != nil {
			return f, errors.New(`"results" must be a list of results`)
		}
	}
	if len(configs) > MaxRecords || len(results) > MaxRecords {
		return f, fmt.Errorf("the file holds too many records (at most %d configurations and %d results)", MaxRecords, MaxRecords)
	}
	if len(configs) == 0 {
		return f, errors.New("the file holds no configurations")
	}
	v := &validator{current: current, ids: map[string]int{}}
	f.Configs = make([]Config, 0, len(configs))
	for i, raw := range configs {
		c, err := v.config(raw)
		if err != nil {
			return File{}, fmt.Errorf("configuration %d%s: %v", i+1, v.named, err)
		}
		if j, dup := v.ids[c.ID]; dup {
			return File{}, fmt.Errorf("configuration %d%s: id %q is used twice (also by configuration %d)", i+1, v.named, c.ID, j+1)
		}
		v.ids[c.ID] = i
		f.Configs = append(f.Configs, c)
	}
	f.Results = make([]Result, 0, len(results))
	resIDs := map[string]bool{}
	for i, raw := range results {
		r, err := v.result(raw)
		if err != nil {
			return File{}, fmt.Errorf("result %d%s: %v", i+1, v.named, err)
		}
		if resIDs[r.ID] {
			return File{}, fmt.Errorf("result %d%s: id %q is used twice", i+1, v.named, r.ID)
		}
		resIDs[r.ID] = true
		f.Results = append(f.Results, r)
	}
	return f, nil
}

// validator checks records one by one; named is filled with " (“name”)"
// as soon as a record's name is known, for error messages.
type validator struct {
	current int            // the schema version records must declare
	ids     map[string]int // config id -> position
	named   string
	tables  map[string]lab.Lab
}

func (v *validator) config(raw json.RawMessage) (Config, error) {
	var c Config
	v.named = ""
	rec, err := object(raw)
	if err != nil {
		return c, err
	}
	v.peekName(rec, "name", " (%q)")
	if err := onlyKeys(rec, "configuration", []string{"id", "name", "comment", "grade", "created", "modified", "lab", "hash", "schema"},
		[]string{"id", "name", "grade", "created", "modified", "lab", "hash", "schema"}); err != nil {
		return c, err
	}
	if c.Name, err = strField(rec, "name", MaxNameLen, false); err != nil {
		return c, err
	}
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return c, errors.New(`"name" is empty`)
	}
	v.named = fmt.Sprintf(" (%q)", short(c.Name))
	if c.ID, err = idField(rec, "id"); err != nil {
		return c, err
	}
	if _, ok := rec["comment"]; ok {
		if c.Comment, err = strField(rec, "comment", MaxCommentLen, true); err != nil {
			return c, err
		}
	}
	if c.Grade, err = intField(rec, "grade"); err != nil {
		return c, err
	}
	if c.Grade < 0 || c.Grade > MaxGrade {
		return c, fmt.Errorf(`"grade" is %d; grades run from 0 to %d`, c.Grade, MaxGrade)
	}
	if c.Schema, err = schemaField(rec, v.current); err != nil {
		return c, err
	}
	if c.Created, err = timeField(rec, "created"); err != nil {
		return c, err
	}
	if c.Modified, err = timeField(rec, "modified"); err != nil {
		return c, err
	}
	if c.Modified < c.Created {
		return c, errors.New(`"modified" is before "created"`)
	}
	if c.Lab, err = strField(rec, "lab", 64, false); err != nil {
		return c, err
	}
	if c.Hash, err = strField(rec, "hash", MaxHashLen, false); err != nil {
		return c, err
	}
	c.Hash, err = v.normalise(c.Lab, c.Hash)
	return c, err
}

func (v *validator) result(raw json.RawMessage) (Result, error) {
	var r Result
	v.named = ""
	rec, err := object(raw)
	if err != nil {
		return r, err
	}
	v.peekName(rec, "experiment", " (%s)")
	if err := onlyKeys(rec, "result", []string{"id", "config", "experiment", "ran", "seconds", "hash", "native_command", "rows", "charts", "schema"},
		[]string{"id", "config", "experiment", "ran", "seconds", "hash", "rows", "schema"}); err != nil {
		return r, err
	}
	if r.Experiment, err = strField(rec, "experiment", 64, false); err != nil {
		return r, err
	}
	if !validName(r.Experiment) {
		return r, fmt.Errorf(`"experiment" %q is not an experiment name (lower-case letters, digits, '-' and '_')`, short(r.Experiment))
	}
	v.named = fmt.Sprintf(" (%s)", r.Experiment)
	if r.ID, err = idField(rec, "id"); err != nil {
		return r, err
	}
	if r.Config, err = idField(rec, "config"); err != nil {
		return r, err
	}
	if _, ok := v.ids[r.Config]; !ok {
		return r, fmt.Errorf(`"config" %q names no configuration of this file`, r.Config)
	}
	if r.Schema, err = schemaField(rec, v.current); err != nil {
		return r, err
	}
	if r.Ran, err = timeField(rec, "ran"); err != nil {
		return r, err
	}
	if err := json.Unmarshal(rec["seconds"], &r.Seconds); err != nil || math.IsNaN(r.Seconds) || r.Seconds < 0 || r.Seconds > 1e7 {
		return r, errors.New(`"seconds" must be a number of seconds from 0 to 10 000 000`)
	}
	if r.Hash, err = strField(rec, "hash", MaxHashLen, false); err != nil {
		return r, err
	}
	id := lab.DefaultLab
	if p := peekLab(r.Hash); p != "" {
		id = p
	}
	if r.Hash, err = v.normalise(id, r.Hash); err != nil {
		return r, err
	}
	if _, ok := rec["native_command"]; ok {
		if r.Native, err = strField(rec, "native_command", 2000, false); err != nil {
			return r, err
		}
	}
	if r.Rows, err = rows(rec["rows"]); err != nil {
		return r, err
	}
	if raw, ok := rec["charts"]; ok {
		r.Charts, err = charts(raw)
	}
	return r, err
}

// peekName fills v.named from a record's name field, if it is a string,
// before the record is validated.
func (v *validator) peekName(rec map[string]json.RawMessage, key, format string) {
	var s string
	if json.Unmarshal(rec[key], &s) == nil && strings.TrimSpace(s) != "" {
		v.named = fmt.Sprintf(format, short(strings.TrimSpace(s)))
	}
}

// normalise decodes a permalink through the lab's parameter table and
// re-encodes it. It refuses a permalink of another lab than id, and one that
// decodes with notices.
func (v *validator) normalise(id, hash string) (string, error) {
	l := v.lab(id)
	if l == nil {
		return "", fmt.Errorf(`"lab" %q is not a lab of this playground (labs: %s)`, short(id), strings.Join(lab.IDs(), ", "))
	}
	return Normalise(l, hash)
}

func (v *validator) lab(id string) lab.Lab {
	if v.tables == nil {
		v.tables = map[string]lab.Lab{}
	}
	if l, ok := v.tables[id]; ok {
		return l
	}
	l := lab.New(id)
	v.tables[id] = l
	return l
}

// Normalise validates a permalink (with or without '#') of lab l through the
// lab's parameter table and returns it re-encoded: keys in table order,
// every parameter present, classroom-hidden controls, presentation mode and
// the lab's state beyond its table (lab.LinkState) kept. It fails when the permalink names another lab or decodes with
// notices (the notices are in the error).
func Normalise(l lab.Lab, hash string) (string, error) {
	hash = strings.TrimPrefix(hash, "#")
	if hash == "" {
		return "", errors.New(`"hash" (the configuration) is empty`)
	}
	if got := peekLab(hash); got != l.ID() {
		if got == "" {
			got = "none"
		}
		return "", fmt.Errorf(`the configuration's permalink is for lab %q, but the record says %q`, got, l.ID())
	}
	t := l.Table()
	link := t.Decode(hash, lab.LinkKeys(l)...)
	// State beyond the table (drawn patterns, a hand-edited cue) must fit
	// the configuration.
	suffix, notes := lab.LinkStateSuffix(l, link.Values, link.Extra)
	link.Notices = append(link.Notices, notes...)
	if len(link.Notices) > 0 {
		notes := make([]string, len(link.Notices))
		for i, n := range link.Notices {
			// The decoder's repair ("; using the default 12.") does not
			// happen here: the file is refused.
			if k := strings.LastIndex(n, "; using the default"); k > 0 {
				n = n[:k] + "."
			}
			notes[i] = n
		}
		return "", fmt.Errorf("the configuration does not validate: %s", strings.Join(notes, " "))
	}
	out := t.Encode(link.Values, link.Hidden, params.KV{Key: lab.KeyLab, Value: l.ID()}) + suffix
	if p := link.Extra[lab.KeyPresent]; p == "1" || p == "true" {
		out += "&" + lab.KeyPresent + "=1"
	}
	return out, nil
}

func peekLab(hash string) string { return params.PeekExtra(hash, lab.KeyLab) }

// object decodes one record as a JSON object.
func object(raw json.RawMessage) (map[string]json.RawMessage, error) {
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rec); err != nil || rec == nil {
		return nil, errors.New("not a JSON object")
	}
	return rec, nil
}

// onlyKeys refuses unknown and missing keys.
func onlyKeys(rec map[string]json.RawMessage, what string, allowed, required []string) error {
	ok := map[string]bool{}
	for _, k := range allowed {
		ok[k] = true
	}
	var unknown []string
	for k := range rec {
		if !ok[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown field %q in a %s", short(unknown[0]), what)
	}
	for _, k := range required {
		if _, has := rec[k]; !has {
			return fmt.Errorf("the %s has no %q", what, k)
		}
	}
	return nil
}

func strField(rec map[string]json.RawMessage, key string, maxLen int, multiline bool) (string, error) {
	var s string
	if err := json.Unmarshal(rec[key], &s); err != nil {
		return "", fmt.Errorf("%q must be a string", key)
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return "", fmt.Errorf("%q is too long (%d characters; at most %d)", key, n, maxLen)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r')) {
			return "", fmt.Errorf("%q holds a control character (%U)", key, r)
		}
	}
	return s, nil
}

func intField(rec map[string]json.RawMessage, key string) (int, error) {
	raw, ok := rec[key]
	if !ok {
		return 0, fmt.Errorf("there is no %q", key)
	}
	var x float64
	if err := json.Unmarshal(raw, &x); err != nil || x != math.Trunc(x) || math.Abs(x) > 1e9 {
		return 0, fmt.Errorf("%q must be a whole number, not %s", key, short(string(raw)))
	}
	return int(x), nil
}

func schemaField(rec map[string]json.RawMessage, current int) (int, error) {
	n, err := intField(rec, "schema")
	if err != nil {
		return 0, err
	}
	if n != current {
		return 0, fmt.Errorf(`"schema" is %d, but the file's version is %d`, n, current)
	}
	return n, nil
}

func idField(rec map[string]json.RawMessage, key string) (string, error) {
	s, err := strField(rec, key, 64, false)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", fmt.Errorf("%q is empty", key)
	}
	for _, r := range s {
		if !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')) {
			return "", fmt.Errorf("%q %q may hold only letters, digits, '-', '_' and '.'", key, short(s))
		}
	}
	return s, nil
}

func timeField(rec map[string]json.RawMessage, key string) (string, error) {
	var s string
	if err := json.Unmarshal(rec[key], &s); err != nil {
		return "", fmt.Errorf("%q must be a date string such as \"2026-11-27T13:02:29.000Z\"", key)
	}
	t, err := parseTime(s)
	if err != nil {
		return "", fmt.Errorf("%q: %v", key, err)
	}
	return t, nil
}

// parseTime accepts RFC 3339 times from year 2000 to 9999 and returns them
// in the canonical form Date.toISOString writes (UTC, milliseconds), so that
// times compare as strings.
func parseTime(s string) (string, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Year() < 2000 || t.Year() > 9999 {
		return "", fmt.Errorf("%s is not a date such as \"2026-11-27T13:02:29.000Z\"", short(strconv.Quote(s)))
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// rows checks a result's rows: a list of JSON objects whose values are
// numbers, strings, booleans or null.
func rows(raw json.RawMessage) ([]map[string]any, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		return nil, errors.New(`"rows" must be a list of rows`)
	}
	if len(list) > MaxRows {
		return nil, fmt.Errorf(`"rows" holds %d rows; at most %d`, len(list), MaxRows)
	}
	out := make([]map[string]any, 0, len(list))
	for i, r := range list {
		dec := json.NewDecoder(bytes.NewReader(r))
		var row map[string]any
		if err := dec.Decode(&row); err != nil || row == nil {
			return nil, fmt.Errorf("row %d is not a JSON object", i+1)
		}
		if len(row) > 200 {
			return nil, fmt.Errorf("row %d has %d fields; at most 200", i+1, len(row))
		}
		for k, val := range row {
			if k == "" || utf8.RuneCountInString(k) > 64 {
				return nil, fmt.Errorf("row %d has a field name that is empty or too long", i+1)
			}
			switch x := val.(type) {
			case nil, bool, float64:
			case string:
				if len(x) > 1000 {
					return nil, fmt.Errorf("row %d: field %q is too long", i+1, short(k))
				}
			default:
				return nil, fmt.Errorf("row %d: field %q must be a number, string, true/false or null", i+1, short(k))
			}
		}
		out = append(out, row)
	}
	return out, nil
}

func short(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}
