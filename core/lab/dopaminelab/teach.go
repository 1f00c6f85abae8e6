package dopaminelab

import (
	"fmt"
	"slices"
	"strings"

	"hebbplay/core/dopamine"
)

// The texts that say what a run shows: how fair the comparison is, which
// optimizers have stalled and why, and on Mackey–Glass the one-step and the
// free-running errors apart.

// rateParams names each optimizer's rate parameter (before the task's
// suffix).
var rateParams = map[dopamine.Method]string{dopamine.SGD: "lr_sgd", dopamine.Adam: "lr_adam", dopamine.WP: "lr_wp", dopamine.Dopamine: "eta0"}

// rateText returns the optimizer's rate setting as shown in the texts; a
// rate a classroom link hides (hidden(m)) is named without its value.
func rateText(c dopamine.Config, m dopamine.Method, hidden func(dopamine.Method) bool) string {
	if hidden != nil && hidden(m) {
		return map[dopamine.Method]string{dopamine.SGD: "SGD", dopamine.Adam: "Adam", dopamine.WP: "WP η", dopamine.Dopamine: "Dopamine η₀"}[m]
	}
	switch m {
	case dopamine.SGD:
		return fmt.Sprintf("SGD %g", c.SGDRate)
	case dopamine.Adam:
		return fmt.Sprintf("Adam %g", c.AdamRate)
	case dopamine.WP:
		return fmt.Sprintf("WP η %g", c.WPRate)
	}
	return fmt.Sprintf("Dopamine η₀ %g", c.Eta0)
}

// rateOf returns the rate of optimizer m in c.
func rateOf(c dopamine.Config, m dopamine.Method) float64 {
	switch m {
	case dopamine.SGD:
		return c.SGDRate
	case dopamine.Adam:
		return c.AdamRate
	case dopamine.WP:
		return c.WPRate
	}
	return c.Eta0
}

// fairness says how the optimizers shown are compared: at the task's tuned
// rates (the defaults, each optimizer's own), at one shared perturbation rate
// (Dopamine η₀ = WP η), or at rates the visitor chose.
func fairness(c dopamine.Config, methods []dopamine.Method, hidden func(dopamine.Method) bool) string {
	d := dopamine.DefaultConfig(c.Task)
	var rates []string
	tuned := true
	has := map[dopamine.Method]bool{}
	for _, m := range methods {
		rates = append(rates, rateText(c, m, hidden))
		tuned = tuned && rateOf(c, m) == rateOf(d, m)
		has[m] = true
	}
	list := strings.Join(rates, ", ")
	switch {
	case tuned:
		return "Fair comparison: each optimizer at its own tuned rate, chosen by one rule on seeds 1–10 (see About: " + list + "); same network, data and initial weights."
	case has[dopamine.WP] && has[dopamine.Dopamine] && c.WPRate == c.Eta0:
		return "WP and Dopamine share one base rate (" + list + "): they differ only by Dopamine's RPE-driven rate; same network, data and initial weights."
	}
	return "Rates set by hand (" + list + "), not the tuned defaults: the comparison is only as fair as these rates."
}

// stallText returns what a stalled optimizer's line says, or "" if it has
// not stalled.
func stallText(t *dopamine.Trainer) string {
	s := t.Stall()
	if !s.Stalled {
		return ""
	}
	head := fmt.Sprintf("%s has stalled: loss %s since step %d, above the target", methodNames[t.Method()], fmtLoss(s.Loss), s.Since)
	if x := t.XORTask(); x != nil {
		return head + ": " + dopamine.ExplainXOR(x.Outputs(nil, t.Params()))
	}
	return fmt.Sprintf("%s, no 1%% progress in %d steps. Try another seed or a smaller learning rate.", head, dopamine.StallWindow(t.Config().Task))
}

// SetHidden implements lab.HiddenUser: texts and charts name no value of a
// control a classroom link hides.
func (l *Lab) SetHidden(names []string) {
	l.hidden = append([]string(nil), names...)
	l.draw.chartKey = "" // rebuild the charts' words
	l.dirty = true
}

// isHidden reports whether a classroom link hides the named control.
func (l *Lab) isHidden(name string) bool { return slices.Contains(l.hidden, name) }

// rateHidden reports whether the rate of optimizer m is hidden.
func (l *Lab) rateHidden(m dopamine.Method) bool {
	return l.isHidden(rateParams[m] + suffix(l.cfg.Choice("task")))
}

// valueWord is " " + the formatted value x of the named control, or ""
// when a classroom link hides it (a reference line's label).
func (l *Lab) valueWord(name string, x float64) string {
	if l.isHidden(name) {
		return ""
	}
	return " " + fmtNum(x)
}
