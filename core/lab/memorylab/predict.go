package memorylab

import "fmt"

// Predict, then watch: the outcome of a recall (correct or not, the
// overlap, how many iterations) is shown only once its animation has
// reached the end (Play, or Step up to the last iteration), so that a
// class can guess first. The recall view's verdict is drawn only at the end
// anyway; the summary line and the view's title wait for it too.

// unrevealedText is the summary line before the end of the animation.
func (l *Lab) unrevealedText(what string) string {
	if l.t == 0 {
		return fmt.Sprintf("Recall of %s #%d: press Play to recall (guess first: will it find the %s?)", what, l.targetIdx, what)
	}
	return fmt.Sprintf("Recall of %s #%d: recalling… iteration %d", what, l.targetIdx, l.t)
}

// unrevealedTitle is the recall view's title before the end of the
// animation.
func (l *Lab) unrevealedTitle() string {
	if l.t == 0 {
		return "Recall: start (the cue)"
	}
	return fmt.Sprintf("Recall: iteration %d", l.t)
}
