package memorylab

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"hebbplay/core/experiment"
	"hebbplay/core/lab"
)

// The lab's words for people: what the Experiments screen's charts mean, in
// plain language with the symbols in brackets, and what a classroom link
// may show (a hidden control's value appears nowhere).

// Axis titles of the Experiments charts: words first, the symbol in brackets.
const (
	axisStored     = "stored patterns (P)"
	axisFcorr      = "patterns recalled exactly (fcorr)"
	axisPrototypes = "prototypes stored (P)"
	axisScore      = "test cues recalled as their prototype (score)"
	axisP90        = "storage capacity (P90, patterns)"
	axisProtoCap   = "prototype capacity (prototypes at 90%)"
)

// SetHidden implements lab.HiddenUser: the views and charts are worded
// again without the hidden values.
func (l *Lab) SetHidden(names []string) {
	l.hidden = slices.Clone(names)
	l.matrixShown = false       // the weight matrix's title names the rule
	l.galleryKey = galleryKey{} // the gallery's names the network's shape
	l.dirty = true
	l.exp.ver++
	l.meter.ver++ // the meter's chart names the rule
	l.why.chKey = chartKey{}
}

// isHidden reports whether a classroom link hides the named control.
func (l *Lab) isHidden(name string) bool { return slices.Contains(l.hidden, name) }

// nativeNote is the native command line for a chart's note, or "" when a
// classroom link hides a control: the command names every value.
func (l *Lab) nativeNote() string {
	if len(l.hidden) > 0 {
		return ""
	}
	return " Native: " + l.native
}

// Guides: one paragraph per experiment, under its main chart, explaining the
// shapes a visitor will see.
const (
	guideStorage = "How to read this: every curve is one learning rule. Each point stores P random patterns, " +
		"cues every one of them with a distorted copy and counts the fraction recalled exactly (fcorr), averaged over the repetitions. " +
		"With few patterns every cue is completed; as the memory fills up, the patterns' traces overlap (crosstalk) and fcorr falls. " +
		"The dashed grey line is 90%; the triangle (▲) on each curve marks that rule's storage capacity P90, the most patterns " +
		"it stores with at least 90% recalled exactly. A curve further right stores more. " +
		"Covariance starts at fcorr 0 when only one pattern is stored: its weight is p_ij − p_i·p_j, and with one pattern " +
		"p_ij = x_i·x_j = p_i·p_j for every pair, so every weight is exactly 0, every unit gets the same support and the tie rule, " +
		"not the memory, chooses the winners. With more patterns the counts differ from chance and the weights carry the patterns: " +
		"its curve climbs before it falls. " +
		"One measurement is one rule at one P in one repetition."
	guideProto = "How to read this: each point stores a number of prototypes (x axis), but never the prototypes themselves, only " +
		"distorted instances of each; the score is the fraction of new distorted test cues that recall their prototype exactly. " +
		"The hard part is abstraction: recall must find a pattern it never saw. The score rises, then falls. " +
		"It falls at the right for the same reason as storage: many prototypes crowd the memory. " +
		"It is low at the left for rules that weigh co-activation against chance, BCPNN (log p_ij/(p_i·p_j)) and the Bayesian rule " +
		"(odds from the counts): with one prototype its units are on in most stored instances, so their co-activation is no more " +
		"than chance and the weights between them are near 0, while the cue's distorted units, rarely or never seen, weigh against " +
		"the frequently used units; with more prototypes each unit is used more rarely, co-activation within a prototype stands out " +
		"from chance and the score rises. Covariance (p_ij − p_i·p_j, co-activation beyond chance) fails at one prototype for the same reason. " +
		"The table gives each rule's prototype capacity, the most prototypes with a score of at least 90%, " +
		"or says that the score stayed below 90% at every number tried."
	guideCorr = "How to read this: real memories are not random. Each point stores correlated patterns, made more alike by the knob " +
		"(hierarchical sets: a few parent patterns and children dparent units away from them, small dparent = more alike; " +
		"Zipf sets: some units used far more often than others, larger s = more skewed), and measures the storage capacity P90 " +
		"(first chart) and the prototype capacity (second chart). Correlated patterns share units, so their traces overlap more " +
		"and capacities fall as the correlation grows; the rules differ in how much they lose."
)

// p90Key is the legend entry explaining the P90 markers of the storage
// chart: a series with no points, drawn only as its legend swatch.
func p90Key() lab.Series {
	return lab.Series{Label: "P90: where each rule's curve falls to 90%", Color: "#666666", Markers: true, Point: "triangle"}
}

// protoCapacityCells are a rule's cells of the prototype table: its
// prototype capacity and the score there, or, when the score never reached
// 90% (the search reports capacity 0 with the score of "no prototypes",
// which is no measurement), that fact and the best score measured.
func protoCapacityCells(r experiment.CapacityResult) (capacity, score string) {
	if r.P90 > 0 {
		return strconv.Itoa(r.P90), fmt4(r.AtP90)
	}
	best := experiment.Point{Fraction: -1}
	for _, p := range r.Probes {
		if p.P > 0 && p.Fraction > best.Fraction {
			best = p
		}
	}
	if best.Fraction < 0 {
		return "none: below 90% everywhere", "—"
	}
	return "none: below 90% everywhere", fmt.Sprintf("best %s at %d prototype%s", fmt4(best.Fraction), best.P, plural(best.P))
}

// shownReps is the number of repetitions to name in a note: 0 (name none)
// when a classroom link hides it.
func (l *Lab) shownReps(reps int) int {
	if l.isHidden("exp_reps") {
		return 0
	}
	return reps
}

// shapeWords is the network's shape in brackets for a title,
// " (modular 10×10)", or "" when a classroom link hides the kind or a size.
func (l *Lab) shapeWords() string {
	for _, n := range []string{"kind", "H", "M", "N", "K"} {
		if l.isHidden(n) {
			return ""
		}
	}
	return " (" + l.shape.String() + ")"
}

// unnameNet rewords the theory table's note when a classroom link hides the
// cue noise or the network's shape, which the note names ("cue noise nflip
// = 3 in this 10×10 modular net", theoryTable).
func (l *Lab) unnameNet(note string, cfg experiment.Config) string {
	nflip := "cue noise nflip = " + strconv.FormatFloat(cfg.Nflip, 'g', -1, 64)
	net := "in this " + shapeName(cfg.Shape) + " net"
	if l.isHidden("nflip") {
		note = strings.Replace(note, nflip, "the cue noise of this run", 1)
	}
	if l.shapeWords() == "" {
		note = strings.Replace(note, net, "in this run's net", 1)
	}
	return note
}
