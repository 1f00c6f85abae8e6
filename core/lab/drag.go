package lab

import "hebbplay/core/params"

// Dragger is implemented by a lab whose views can be painted by dragging:
// after a click on a view, the frame reports every new pointer position
// while the button stays down. A lab typically paints with the value its
// Click chose (a drawing editor sets every pixel it crosses to what the
// first pixel became).
type Dragger interface {
	// Drag handles the pointer at pixel (x, y) of the named view during a
	// drag that started there with a Click; it may change the
	// configuration through v and reports whether anything changed.
	Drag(view string, x, y int, v *params.Values) bool
}

// Drag forwards a drag position to a [Dragger] lab, as Click does a click;
// it does nothing for other labs.
func (s *Session) Drag(view string, x, y int) bool {
	d, ok := s.Lab.(Dragger)
	if !ok {
		return false
	}
	next := s.values.Clone()
	changed := d.Drag(view, x, y, &next)
	return s.afterEdit(next, changed)
}
