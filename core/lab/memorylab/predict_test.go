package memorylab

import (
	"strings"
	"testing"

	"hebbplay/core/lab"
)

// recallTitle is the recall view's title.
func recallTitle(s *lab.Session) string {
	for _, v := range s.Lab.Views() {
		if v.ID == viewRecall {
			return v.Title
		}
	}
	return ""
}

// The outcome is hidden until the animation reaches the end: the summary
// line says to press Play, then "recalling… iteration t", and neither it nor
// the recall view's title gives the verdict, the overlap or the number of
// iterations; at the end both tell, and stay told after Reset; a new
// recall hides them again.
func TestPredictThenWatch(t *testing.T) {
	for _, h := range []string{"v=1&autoplay=0&npat=12", "v=1&autoplay=0&npat=150&nflip=4"} {
		s := open(t, h)
		spoilers := func(when string) {
			t.Helper()
			text, title := s.State().SummaryText, recallTitle(s)
			_, text, _ = strings.Cut(text, ": ") // after "Recall of pattern #k: "
			for _, w := range []string{"correct", "overlap", "iterations", "to go", " of "} {
				if strings.Contains(text, w) || strings.Contains(title, w) {
					t.Fatalf("%s, %s: %q / %q give the outcome away (%q)", h, when, text, title, w)
				}
			}
		}
		if got := s.State().SummaryText; !strings.Contains(got, "press Play") {
			t.Fatalf("%s: at step 0 the summary says %q", h, got)
		}
		spoilers("step 0")
		steps := s.State().Summary["steps"].(int)
		for i := 1; i < steps; i++ {
			s.Do(lab.ActStep)
			if got := s.State().SummaryText; !strings.Contains(got, "recalling… iteration") {
				t.Fatalf("%s: at step %d the summary says %q", h, i, got)
			}
			spoilers("mid-way")
		}
		s.Do(lab.ActStep)
		sum := s.State()
		verdict := "incorrect"
		if sum.Summary["correct"].(bool) {
			verdict = "correct"
		}
		if !strings.Contains(sum.SummaryText, ": "+verdict+" · overlap") || !sum.Summary["revealed"].(bool) {
			t.Fatalf("%s: at the end the summary says %q", h, sum.SummaryText)
		}
		if !strings.Contains(recallTitle(s), " of ") {
			t.Fatalf("%s: at the end the title is %q", h, recallTitle(s))
		}
		s.Do(lab.ActReset)
		if !strings.Contains(s.State().SummaryText, verdict) {
			t.Fatalf("%s: after Reset the outcome is hidden again: %q", h, s.State().SummaryText)
		}
		s.Do("newcue")
		spoilers("a new cue")
	}
}
