// Package report is what the native commands (scripts/hebb,
// scripts/dopamine, scripts/sparse) share to write their results and to end:
// one writer of rows as an aligned table, CSV or JSON lines, one rule for
// numbers that are not finite, and one exit-code convention. The page's
// CSV export of the memory lab's experiments is written by the same code,
// so it equals the command's output byte for byte.
//
// # Rows
//
// A [Row] is named values in a fixed order ([Field]): int, uint64, float64,
// bool, string, or nil for "no value". CSV has one header line (the keys of
// the first row) and one line per row; JSON has one object per line, keys in
// row order; the table puts the fields equal in every row above it as
// "# key=value …" and aligns the rest in columns.
//
// # Numbers that are not finite
//
// A value that is NaN, +Inf or −Inf (a diverged loss, a statistic of no
// samples) is written as no value, the same as nil, in every format: null in
// JSON (which has no such numbers), an empty cell in CSV and in tables.
// Whether it was NaN or an infinity is not kept: readers treat a missing
// number as "not a finite number". [Number] applies the same rule to a float
// inside a JSON document of a command's own shape.
//
// # Exit status
//
// Every command exits with 0 when it did its work (or printed its help), 1
// when the work failed at run time (a file that cannot be read or written,
// a computation that failed), and 2 when the command line is wrong (an
// unknown flag, a value outside its limit, a bad -link), with the reason on
// standard error and nothing on standard output. [Exit] maps an error to the
// status; mark usage errors with [Usage].
package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Exit statuses of every native command.
const (
	ExitOK      = 0 // the work was done, or the help printed
	ExitFailure = 1 // the work failed at run time
	ExitUsage   = 2 // the command line is wrong
)

// UsageError marks an error of the command line (exit status 2).
type UsageError struct{ Err error }

// Error is the reason.
func (u UsageError) Error() string { return u.Err.Error() }

// Unwrap returns the reason.
func (u UsageError) Unwrap() error { return u.Err }

// Usage marks err as an error of the command line; nil stays nil.
func Usage(err error) error {
	if err == nil {
		return nil
	}
	return UsageError{err}
}

// Exit is the exit status for the error a command ended with: 0 for nil or
// flag.ErrHelp (the help was asked for and printed), 2 for a [UsageError]
// (anywhere in the chain), 1 otherwise.
func Exit(err error) int {
	var u UsageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &u):
		return ExitUsage
	}
	return ExitFailure
}

// Field is one named value of a Row.
type Field struct {
	Key   string
	Value any // int, uint64, float64, bool, string, or nil for no value
}

// Row is one line of results: named values in a fixed order.
type Row []Field

// Get returns the value of key, and false if the row has no such field.
func (r Row) Get(key string) (any, bool) {
	for _, f := range r {
		if f.Key == key {
			return f.Value, true
		}
	}
	return nil, false
}

// MarshalJSON writes the row as a JSON object with its keys in order; a
// value that is not a finite number is null.
func (r Row) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for k, f := range r {
		if k > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(f.Key)
		b.Write(key)
		b.WriteByte(':')
		v, err := json.Marshal(finite(f.Value))
		if err != nil {
			return nil, fmt.Errorf("report: field %s: %w", f.Key, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// finite returns nil for a float that is not finite, v otherwise.
func finite(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
	case Number:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
		return float64(x)
	}
	return v
}

// FormatValue is the text of a value in CSV (short = false: every digit
// that reads back the same float) and in tables (short: 4 significant
// digits). No value and a number that is not finite are "".
func FormatValue(v any, short bool) string {
	switch x := finite(v).(type) {
	case float64:
		if short {
			return strconv.FormatFloat(x, 'g', 4, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return FormatValue(float64(x), short)
	case string:
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Number is a float64 inside a command's own JSON document: written as a
// number when finite and as null otherwise (the package's rule), read back
// from null as NaN.
type Number float64

// MarshalJSON writes n, or null when it is not finite.
func (n Number) MarshalJSON() ([]byte, error) { return json.Marshal(finite(n)) }

// UnmarshalJSON reads a number, or null as NaN.
func (n *Number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Number(math.NaN())
		return nil
	}
	return json.Unmarshal(b, (*float64)(n))
}

// Formats are the formats [Write] knows.
var Formats = []string{"table", "csv", "json"}

// CheckFormat refuses a format that is not one of want (as a usage error
// naming them).
func CheckFormat(format string, want ...string) error {
	if slices.Contains(want, format) {
		return nil
	}
	return UsageError{fmt.Errorf("unknown format %q: want %s", format, strings.Join(want, ", "))}
}

// TableOptions adjust the aligned table.
type TableOptions struct {
	// Column, when set, keeps the keys it accepts in the columns even when
	// they are equal in every row.
	Column func(key string) bool
	// MaxCell cuts longer cells with "…" and says so under the table (0: 48).
	MaxCell int
}

// Write writes rows as "csv", "json" (one object per line) or "table".
func Write(w io.Writer, format string, rows []Row, opt TableOptions) error {
	switch format {
	case "json":
		for _, r := range rows {
			b, err := r.MarshalJSON()
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "%s\n", b); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		if len(rows) > 0 {
			keys := make([]string, len(rows[0]))
			for k, f := range rows[0] {
				keys[k] = f.Key
			}
			cw.Write(keys)
		}
		for _, r := range rows {
			rec := make([]string, len(r))
			for k, f := range r {
				rec[k] = FormatValue(f.Value, false)
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case "table":
		return writeTable(w, rows, opt)
	}
	return fmt.Errorf("report: unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// writeTable writes the fields equal in every row above the table and the
// others in aligned columns.
func writeTable(w io.Writer, rows []Row, opt TableOptions) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "(no results)")
		return err
	}
	maxCell := opt.MaxCell
	if maxCell == 0 {
		maxCell = 48
	}
	constant := map[string]bool{}
	var fixed []string
	for _, f := range rows[0] {
		same := opt.Column == nil || !opt.Column(f.Key)
		for _, r := range rows[1:] {
			if v, ok := r.Get(f.Key); !ok || FormatValue(v, false) != FormatValue(f.Value, false) {
				same = false
				break
			}
		}
		if same {
			constant[f.Key] = true
			fixed = append(fixed, f.Key+"="+FormatValue(f.Value, true))
		}
	}
	if _, err := fmt.Fprintln(w, "# "+strings.Join(fixed, " ")); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, f := range rows[0] {
		if !constant[f.Key] {
			head = append(head, f.Key)
		}
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	cut := map[string]bool{}
	for _, r := range rows {
		var cells []string
		for _, f := range r {
			if !constant[f.Key] {
				c := FormatValue(f.Value, true)
				if rs := []rune(c); len(rs) > maxCell {
					c, cut[f.Key] = string(rs[:maxCell-1])+"…", true
				}
				cells = append(cells, c)
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(cut) > 0 {
		keys := slices.Sorted(maps.Keys(cut))
		_, err := fmt.Fprintf(w, "# %s cut to %d characters here; -format csv or json has every value\n", strings.Join(keys, ", "), maxCell)
		return err
	}
	return nil
}
