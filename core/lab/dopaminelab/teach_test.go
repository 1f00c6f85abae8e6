package dopaminelab

import (
	"strings"
	"testing"
)

// The summary says how the comparison is made: at the tuned defaults, at one
// shared perturbation rate, or at rates set by hand.
func TestSummarySaysHowFair(t *testing.T) {
	for _, c := range []struct {
		hash, want string
	}{
		{"autoplay=0", "Fair comparison: each optimizer at its own tuned rate"},
		{"autoplay=0&eta0_xor=1", "WP and Dopamine share one base rate"},
		{"autoplay=0&lr_sgd_xor=3", "Rates set by hand"},
		{"task=mackey-glass&autoplay=0", "Fair comparison: each optimizer at its own tuned rate"},
	} {
		s, _ := open(t, c.hash)
		st := s.State()
		if !strings.Contains(st.SummaryText, c.want) || !strings.Contains(st.Summary["fairness"].(string), c.want) {
			t.Errorf("%s: summary %q, want %q", c.hash, st.SummaryText, c.want)
		}
	}
	// The rates shown are the ones used.
	s, _ := open(t, "autoplay=0&lr_sgd_xor=3")
	if text := s.State().SummaryText; !strings.Contains(text, "SGD 3,") || !strings.Contains(text, "Adam 0.2") {
		t.Errorf("summary %q does not list the rates", text)
	}
}

// Adam on XOR at seed 38 sticks at loss 0.125 with (1,0) and (1,1) at 0.5
// (see dopamine.TestStallAtXORDefaults): the summary says so and why;
// SGD on the same seed reaches the target and is not flagged.
func TestSummaryReportsStall(t *testing.T) {
	s, l := open(t, "show_wp=0&show_dopamine=0&seed=38&steps_xor=3000&spf_xor=500&autoplay=0")
	for step(t, l) {
	}
	st := s.State()
	text := st.SummaryText
	if !strings.Contains(text, "Adam has stalled: loss 0.125") || !strings.Contains(text, "(1,0) and (1,1) get about 0.5") ||
		!strings.Contains(text, "another seed") {
		t.Errorf("summary %q does not explain Adam's stall", text)
	}
	if st.Summary["adam"].(map[string]any)["stalled"] != true || st.Summary["sgd"].(map[string]any)["stalled"] != false {
		t.Errorf("stalled flags: adam %v, sgd %v", st.Summary["adam"], st.Summary["sgd"])
	}
	if strings.Contains(text, "SGD has stalled") {
		t.Errorf("summary %q flags SGD, which reached the target", text)
	}
	// The default seed stalls nowhere.
	s, l = open(t, "spf_xor=500&autoplay=0")
	for step(t, l) {
	}
	if text := s.State().SummaryText; strings.Contains(text, "stalled") {
		t.Errorf("default run: summary %q reports a stall", text)
	}
}

// On Mackey–Glass the summary gives the one-step and the free-running test
// errors apart, and the free-running one is the larger.
func TestSummaryOneStepAndFreeRunning(t *testing.T) {
	s, l := open(t, "task=mackey-glass&show_wp=0&show_dopamine=0&steps_mg=300&spf_mg=300&autoplay=0")
	for step(t, l) {
	}
	st := s.State()
	if !strings.Contains(st.SummaryText, "one step ahead") || !strings.Contains(st.SummaryText, "free-running over 84 steps") {
		t.Errorf("summary %q lacks the two errors", st.SummaryText)
	}
	for _, m := range []string{"sgd", "adam"} {
		f := st.Summary[m].(map[string]any)
		one, free := f["testNRMSE"].(float64), f["forecastNRMSE"].(float64)
		if !(one > 0 && one < free) {
			t.Errorf("%s: one-step NRMSE %g, free-running %g: want 0 < one-step < free-running", m, one, free)
		}
	}
}

// A rate or target hidden by a classroom link is named without its value:
// in the summary's fairness line and on the reference lines of the charts
// (the lab is told through lab.HiddenUser); shown again, the values return.
func TestHiddenValuesUnnamed(t *testing.T) {
	s, _ := open(t, "autoplay=0&lr_sgd_xor=3&target_xor=0.037&eta0_xor=0.3&lr_sgd_xor_hide=1&target_xor_hide=1&eta0_xor_hide=1")
	words := func() string {
		var b strings.Builder
		b.WriteString(s.State().SummaryText)
		for _, c := range s.Lab.Charts().Charts {
			for _, r := range c.Refs {
				b.WriteString("\n" + r.Label)
			}
			b.WriteString("\n" + c.Note + "\n" + c.Title)
		}
		return b.String()
	}
	w := words()
	for _, leak := range []string{"SGD 3", "0.037", "η₀ 0.3", "η₀ = 0.3"} {
		if strings.Contains(w, leak) {
			t.Errorf("hidden value %q on the page:\n%s", leak, w)
		}
	}
	if !strings.Contains(w, "Rates set by hand (SGD, Adam 0.2") || !strings.Contains(w, "\ntarget\n") {
		t.Errorf("the hidden values' names are gone too:\n%s", w)
	}
	s.SetHidden(nil)
	if w := words(); !strings.Contains(w, "SGD 3") || !strings.Contains(w, "target 0.037") {
		t.Errorf("with nothing hidden the values do not come back:\n%s", w)
	}
}
