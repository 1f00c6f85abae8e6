package experiment

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
	"hebbplay/core/theory"
)

// Field is one named value of a Row.
type Field struct {
	Key   string
	Value any // int, uint64, float64, bool, string, or nil for no value
}

// Row is one line of an experiment's results: named values in a fixed order.
// The native command and the browser write the same rows, so their outputs
// can be compared field by field.
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

// MarshalJSON writes the row as a JSON object with its keys in order.
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
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, fmt.Errorf("experiment: field %s: %w", f.Key, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// header returns the fields that describe the configuration, common to every
// row of an experiment: experiment, rule, net, N, H, M, K, nflip, niter,
// reps, seed, async, ties, eps, and the prototype and correlation settings where
// they apply.
func header(name string, cfg Config, rule memory.Rule, mode Mode) Row {
	cfg = cfg.withDefaults()
	s := cfg.Shape
	h, m := s.H, s.M
	if s.Kind == pattern.KofN {
		h, m = 0, 0
	}
	row := Row{
		{"experiment", name}, {"rule", string(rule)}, {"net", s.Kind.String()},
		{"N", s.N}, {"H", h}, {"M", m}, {"K", s.K},
		{"nflip", cfg.Nflip}, {"niter", cfg.Niter}, {"reps", cfg.Reps}, {"seed", cfg.Seed},
		{"async", cfg.Async}, {"ties", cfg.Ties.String()}, {"eps", cfg.Eps.String()},
	}
	if mode == Prototypes || (name == "corr" && cfg.Ninst > 0) {
		row = append(row, Field{"ninst", cfg.Ninst}, Field{"nflip_train", cfg.NflipTrain}, Field{"nflip_test", cfg.NflipTest})
	}
	if cfg.Corr.Kind != pattern.Uncorrelated {
		row = append(row, Field{"corr", cfg.Corr.Kind.String()})
		if cfg.Corr.Kind == pattern.Hierarchical {
			row = append(row, Field{"parents", cfg.Corr.Parents})
		}
	}
	return row
}

// BitsNormalisation describes the normalisation of BitsPerSynapse for rule.
func BitsNormalisation(s pattern.Shape, rule memory.Rule) string {
	info, _ := rule.Info()
	syn := "N(N−1)"
	if s.Kind == pattern.Modular {
		syn = "N²−H·M²"
	}
	if info.Symmetric {
		syn = "(" + syn + ")/2"
	}
	pat := "log2 C(N,K)"
	if s.Kind == pattern.Modular {
		pat = "H·log2 M"
	}
	return fmt.Sprintf("P90·%s / %s", pat, syn)
}

// CurveRows returns the rows of a curve: for Storage ("recall") the fields
// P, fcorr, overlap and iterations; for Prototypes ("proto") prototypes,
// score, overlap and iterations. capacity, if not nil, adds each rule's
// prototype_capacity (Prototypes) to its rows.
func CurveRows(name string, cfg Config, mode Mode, pts []CurvePoint, capacity []CapacityResult) []Row {
	var rows []Row
	for _, pt := range pts {
		row := header(name, cfg, pt.Rule, mode)
		if mode == Prototypes {
			row = append(row, Field{"prototypes", pt.P}, Field{"score", pt.Fraction})
		} else {
			row = append(row, Field{"P", pt.P}, Field{"fcorr", pt.Fraction})
		}
		row = append(row, Field{"overlap", pt.Overlap}, Field{"iterations", pt.Iters})
		for _, c := range capacity {
			if c.Rule == pt.Rule {
				row = append(row, Field{"prototype_capacity", c.P90})
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// CapacityRows returns one row per rule of a storage capacity search: p90,
// fcorr at P90, whether the search hit its limit, and bits per synapse in
// both normalisations with ours described.
func CapacityRows(name string, cfg Config, res []CapacityResult) []Row {
	var rows []Row
	for _, r := range res {
		row := header(name, cfg, r.Rule, Storage)
		row = append(row, capacityFields(cfg.Shape, r)...)
		row = append(row, theoryFields(cfg, r.Rule)...)
		rows = append(rows, row)
	}
	return rows
}

// theoryFields are the analytical prediction beside a measured capacity
// (package theory): theory_p90, the predicted P90 (null when no prediction
// is known for the rule), and theory, its short label. Only for
// uncorrelated patterns, the only ones the predictions are about.
func theoryFields(cfg Config, rule memory.Rule) Row {
	p, ok := theory.Capacity(cfg.Shape, rule, cfg.Nflip)
	var v any
	if ok {
		v = math.Round(p.P90*10) / 10 // a tenth of a pattern: the same digits on every platform
	}
	return Row{{"theory_p90", v}, {"theory", p.Label}}
}

func capacityFields(s pattern.Shape, r CapacityResult) Row {
	return Row{
		{"p90", r.P90}, {"fcorr", r.AtP90}, {"limited", r.Limited},
		{"bits_per_synapse", r.Bits}, {"bits_per_synapse_naive", r.BitsNaive},
		{"bits_normalisation", BitsNormalisation(s, r.Rule)},
		{"probes", len(r.Probes)},
	}
}

// CorrRows returns one row per rule and knob of a correlation sweep: the
// knob, the storage capacity fields and, when prototype extraction was
// measured, prototype_capacity.
func CorrRows(cfg Config, pts []CorrPoint) []Row {
	var rows []Row
	for _, pt := range pts {
		c := cfg
		row := header("corr", c, pt.Rule, Storage)
		row = append(row, Field{"knob", pt.Knob})
		row = append(row, capacityFields(cfg.Shape, pt.Storage)...)
		if cfg.Ninst > 0 {
			row = append(row, Field{"prototype_capacity", pt.Proto.P90})
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteRows writes rows as "json" (one object per line), "csv" (a header of
// the first row's keys) or "table" (aligned columns, leaving out the
// configuration fields that are the same in every row, which are printed
// once above the table).
func WriteRows(w io.Writer, format string, rows []Row) error {
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
		return writeTable(w, rows)
	}
	return fmt.Errorf("experiment: unknown format %q (want table, csv or json)", format)
}

// FormatValue formats a row value: floats with full precision for files, or
// rounded to 4 significant digits for tables.
func FormatValue(v any, short bool) string {
	switch x := v.(type) {
	case float64:
		if short {
			return strconv.FormatFloat(x, 'g', 4, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	case nil:
		return "" // no value (JSON null)
	}
	return fmt.Sprint(v)
}

func writeTable(w io.Writer, rows []Row) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "(no results)")
		return err
	}
	// Fields equal in every row go above the table, except the rule.
	constant := map[string]bool{}
	var fixed []string
	for _, f := range rows[0] {
		same := f.Key != "rule"
		for _, r := range rows[1:] {
			if v, ok := r.Get(f.Key); !ok || v != f.Value {
				same = false
				break
			}
		}
		if same && f.Key != "bits_normalisation" {
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
	for _, r := range rows {
		var cells []string
		for _, f := range r {
			if !constant[f.Key] {
				cells = append(cells, FormatValue(f.Value, true))
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}
