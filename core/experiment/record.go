package experiment

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
	"hebbplay/core/report"
	"hebbplay/core/theory"
)

// Field is one named value of a Row (package report's).
type Field = report.Field

// Row is one line of an experiment's results: named values in a fixed order.
// It is package report's row, so the native command and the browser write
// the same rows with the commands' shared writer, and their outputs can be
// compared field by field.
type Row = report.Row

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
		{Key: "experiment", Value: name}, {Key: "rule", Value: string(rule)}, {Key: "net", Value: s.Kind.String()},
		{Key: "N", Value: s.N}, {Key: "H", Value: h}, {Key: "M", Value: m}, {Key: "K", Value: s.K},
		{Key: "nflip", Value: cfg.Nflip}, {Key: "niter", Value: cfg.Niter}, {Key: "reps", Value: cfg.Reps}, {Key: "seed", Value: cfg.Seed},
		{Key: "async", Value: cfg.Async}, {Key: "ties", Value: cfg.Ties.String()}, {Key: "eps", Value: cfg.Eps.String()},
	}
	if mode == Prototypes || (name == "corr" && cfg.Ninst > 0) {
		row = append(row, Field{Key: "ninst", Value: cfg.Ninst}, Field{Key: "nflip_train", Value: cfg.NflipTrain}, Field{Key: "nflip_test", Value: cfg.NflipTest})
	}
	if cfg.Corr.Kind != pattern.Uncorrelated {
		row = append(row, Field{Key: "corr", Value: cfg.Corr.Kind.String()})
		if cfg.Corr.Kind == pattern.Hierarchical {
			row = append(row, Field{Key: "parents", Value: cfg.Corr.Parents})
		}
	}
	return row
}

// BitsNormalisation describes the normalisation of BitsPerSynapse (per
// independent synapse) for rule, e.g. "P90·H·log2 M / ((N²−H·M²)/2)" for a
// symmetric rule or "P90·H·log2 M / (N²−H·M²)" for the Bayesian one.
func BitsNormalisation(s pattern.Shape, rule memory.Rule) string {
	syn := synapsesText(s)
	if HalvedSynapses(rule) {
		if s.Kind == pattern.Modular {
			syn = "(" + syn + ")"
		}
		syn += "/2"
	}
	return fmt.Sprintf("P90·%s / (%s)", patternBitsText(s), syn)
}

// BitsNormalisationAll describes the normalisation of BitsPerSynapseAll,
// e.g. "P90·H·log2 M / (N²−H·M²)".
func BitsNormalisationAll(s pattern.Shape) string {
	return fmt.Sprintf("P90·%s / (%s)", patternBitsText(s), synapsesText(s))
}

func synapsesText(s pattern.Shape) string {
	if s.Kind == pattern.Modular {
		return "N²−H·M²"
	}
	return "N(N−1)"
}

func patternBitsText(s pattern.Shape) string {
	if s.Kind == pattern.Modular {
		return "H·log2 M"
	}
	return "log2 C(N,K)"
}

// BitsReference is the literature's reference values for bits per synapse,
// all counted per possible synapse (BitsPerSynapseAll), with their sources,
// for captions and notes.
const BitsReference = "Reference values, per possible synapse (all counted): " +
	"sparse covariance learning → 1/(2 ln 2) ≈ 0.72 as activity → 0 (Tsodyks & Feigel'man 1988); " +
	"Willshaw hetero-association ln 2 ≈ 0.69 (Willshaw, Buneman & Longuet-Higgins 1969; Palm 1980); " +
	"Willshaw recurrent auto-association (ln 2)/4 ≈ 0.17, about 0.2 at finite size (Palm & Sommer 1992). " +
	"Per independent synapse, rules symmetric up to a per-unit bias (all but Bayes) count each pair once, which doubles their figure."

// CurveRows returns the rows of a curve: for Storage ("recall") the fields
// P, fcorr, overlap and iterations; for Prototypes ("proto") prototypes,
// score, overlap and iterations. capacity, if not nil, adds each rule's
// prototype_capacity (Prototypes) to its rows.
func CurveRows(name string, cfg Config, mode Mode, pts []CurvePoint, capacity []CapacityResult) []Row {
	var rows []Row
	for _, pt := range pts {
		row := header(name, cfg, pt.Rule, mode)
		if mode == Prototypes {
			row = append(row, Field{Key: "prototypes", Value: pt.P}, Field{Key: "score", Value: pt.Fraction})
		} else {
			row = append(row, Field{Key: "P", Value: pt.P}, Field{Key: "fcorr", Value: pt.Fraction})
		}
		row = append(row, Field{Key: "overlap", Value: pt.Overlap}, Field{Key: "iterations", Value: pt.Iters})
		for _, c := range capacity {
			if c.Rule == pt.Rule {
				row = append(row, Field{Key: "prototype_capacity", Value: c.P90})
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// CapacityRows returns one row per rule of a storage capacity search (see
// capacityFields for the fields).
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
	return Row{{Key: "theory_p90", Value: v}, {Key: "theory", Value: p.Label}}
}

// capacityFields are the fields of a storage capacity: p90 (the crossing of
// the averaged curve), fcorr at P90, limited; the spread across repetitions
// (p90_per_rep: each repetition's own P90, space-separated; p90_mean,
// p90_sd, and the 95% Student-t interval of their mean p90_ci95_lo,
// p90_ci95_hi, its half-width relative to the mean p90_ci95_rel, and
// p90_ci_wide when that exceeds WideInterval); bits per synapse counted over
// all possible synapses (bits_per_synapse_all), over independent synapses
// (bits_per_synapse_independent, halved counts for symmetric rules) and the
// authors' normalisation (bits_per_synapse_naive), with the first two
// normalisations described; and the number of probes.
//
// Results saved before these fields existed have bits_per_synapse (the
// count that is now bits_per_synapse_independent, except for presynaptic
// covariance, then counted over all synapses) and no spread.
func capacityFields(s pattern.Shape, r CapacityResult) Row {
	reps := make([]string, len(r.RepP90))
	for k, p := range r.RepP90 {
		reps[k] = strconv.Itoa(p)
	}
	sp := r.Spread
	return Row{
		{Key: "p90", Value: r.P90}, {Key: "fcorr", Value: r.AtP90}, {Key: "limited", Value: r.Limited},
		{Key: "p90_per_rep", Value: strings.Join(reps, " ")}, {Key: "p90_mean", Value: sp.Mean}, {Key: "p90_sd", Value: sp.SD},
		{Key: "p90_ci95_lo", Value: sp.Lo}, {Key: "p90_ci95_hi", Value: sp.Hi}, {Key: "p90_ci95_rel", Value: finite(sp.RelHalfWid)}, {Key: "p90_ci_wide", Value: sp.Wide()},
		{Key: "bits_per_synapse_all", Value: r.BitsAll}, {Key: "bits_per_synapse_independent", Value: r.Bits}, {Key: "bits_per_synapse_naive", Value: r.BitsNaive},
		{Key: "bits_normalisation_all", Value: BitsNormalisationAll(s)},
		{Key: "bits_normalisation_independent", Value: BitsNormalisation(s, r.Rule)},
		{Key: "probes", Value: len(r.Probes)},
	}
}

// finite maps +Inf (an interval around a mean of 0) to −1, which JSON can
// hold.
func finite(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return -1
	}
	return x
}

// CorrRows returns one row per rule and knob of a correlation sweep: the
// knob, the storage capacity fields and, when prototype extraction was
// measured, prototype_capacity.
func CorrRows(cfg Config, pts []CorrPoint) []Row {
	var rows []Row
	for _, pt := range pts {
		c := cfg
		row := header("corr", c, pt.Rule, Storage)
		row = append(row, Field{Key: "knob", Value: pt.Knob})
		row = append(row, capacityFields(cfg.Shape, pt.Storage)...)
		if cfg.Ninst > 0 {
			row = append(row, Field{Key: "prototype_capacity", Value: pt.Proto.P90})
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteRows writes rows as "json" (one object per line), "csv" (a header of
// the first row's keys), "table" (aligned columns, leaving out the
// configuration fields that are the same in every row, which are printed
// once above the table) or "markdown" (the key columns, see writeMarkdown).
func WriteRows(w io.Writer, format string, rows []Row) error {
	switch format {
	case "json", "csv":
		return report.Write(w, format, rows, report.TableOptions{})
	case "table":
		return writeTable(w, rows)
	case "markdown":
		return writeMarkdown(w, rows)
	}
	return fmt.Errorf("experiment: unknown format %q (want table, csv, json or markdown)", format)
}

// writeMarkdown writes rows as a Markdown table to paste into a README:
// for capacity rows the rule (and knob), P90, the per-repetition P90s'
// mean with its 95% interval and relative half-width, the repetitions and
// bits per synapse on both counts; for other rows every field that is not
// the same in all of them.
func writeMarkdown(w io.Writer, rows []Row) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "(no results)")
		return err
	}
	type col struct {
		head string
		cell func(Row) string
	}
	get := func(key string) func(Row) string {
		return func(r Row) string {
			v, ok := r.Get(key)
			if !ok {
				return ""
			}
			return FormatValue(v, true)
		}
	}
	var cols []col
	if _, ok := rows[0].Get("p90_ci95_lo"); ok {
		cols = append(cols, col{"rule", get("rule")})
		if _, ok := rows[0].Get("knob"); ok {
			cols = append(cols, col{"knob", get("knob")})
		}
		cols = append(cols,
			col{"P90", get("p90")},
			col{"per-repetition P90: mean (95% interval)", func(r Row) string {
				m, _ := r.Get("p90_mean")
				lo, _ := r.Get("p90_ci95_lo")
				hi, _ := r.Get("p90_ci95_hi")
				return fmt.Sprintf("%.1f (%.1f–%.1f)", m, lo, hi)
			}},
			col{"±", func(r Row) string {
				rel, _ := r.Get("p90_ci95_rel")
				return fmt.Sprintf("%.1f%%", 100*rel.(float64))
			}},
			col{"R", get("reps")},
			col{"bits/synapse (all synapses)", get("bits_per_synapse_all")},
			col{"bits/synapse (independent synapses)", get("bits_per_synapse_independent")})
		if _, ok := rows[0].Get("theory_p90"); ok {
			cols = append(cols, col{"theory P90", func(r Row) string {
				if v, _ := r.Get("theory_p90"); v != nil {
					t, _ := r.Get("theory")
					return fmt.Sprintf("%s (%s)", FormatValue(v, true), t)
				}
				return "—"
			}})
		}
	} else {
		for _, f := range rows[0] {
			same := f.Key != "rule"
			for _, r := range rows[1:] {
				if v, ok := r.Get(f.Key); !ok || v != f.Value {
					same = false
					break
				}
			}
			if !same {
				cols = append(cols, col{f.Key, get(f.Key)})
			}
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	var head, rule []string
	for _, c := range cols {
		head = append(head, c.head)
		rule = append(rule, "---")
	}
	line(head)
	line(rule)
	for _, r := range rows {
		var cells []string
		for _, c := range cols {
			cells = append(cells, strings.ReplaceAll(c.cell(r), "|", "\\|"))
		}
		line(cells)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// FormatValue is the text of a value in CSV (short = false) and in tables
// (short): report.FormatValue, with the package's rule for numbers that are
// not finite (no value).
func FormatValue(v any, short bool) string { return report.FormatValue(v, short) }

// writeTable writes rows as an aligned table (report.Write) keeping the
// rule, and the authors' normalisation of bits per synapse, in the columns.
func writeTable(w io.Writer, rows []Row) error {
	return report.Write(w, "table", rows, report.TableOptions{MaxCell: maxTableCell, Column: func(key string) bool {
		return key == "rule" || strings.HasPrefix(key, "bits_normalisation")
	}})
}

// maxTableCell is the widest cell of a table; longer text (many
// repetitions' P90s) is cut.
const maxTableCell = 48
