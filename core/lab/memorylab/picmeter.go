package memorylab

import (
	"errors"

	"hebbplay/core/experiment"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// The capacity meter in picture mode. The worker's measurement (capacity.go)
// draws core/experiment's random patterns, which pictures are not, so the
// pictures on screen are measured here, on the page: every stored picture
// cued with nflip flipped pixels (each from its own random stream: the seed,
// streamPictureMeter and the picture's index) and recalled with the current
// rule and settings. A picture net is small (35 hypercolumns of 2 units, at
// most 64 pictures): a measurement takes well under a millisecond.

// streamPictureMeter numbers the picture meter's cues, apart from the cue
// on screen (streamCue) and the recall's own draws (streamAsync).
const streamPictureMeter = 4

// pictureMeterKey is what the picture meter's number depends on besides
// the rule and the settings in meterBase: the pictures themselves.
func (l *Lab) pictureMeterKey() string {
	return "pset=" + l.cfg.Choice("pset") + "&pats=" + pattern.EncodePictures(l.pictureSet(l.cfg.Choice("pset"), l.count())) + "&"
}

// measurePictures cues every stored picture and counts the exact recalls.
func (l *Lab) measurePictures() (experiment.Score, error) {
	var s experiment.Score
	if l.cfg.Choice("mode") == "prototype" {
		return s, errors.New("with pictures it measures stored pictures, not prototypes: choose storage mode")
	}
	if l.net == nil {
		return s, errors.New("no network yet")
	}
	opt := memory.RecallOptions{Niter: l.cfg.Int("niter"), Async: l.cfg.Choice("update") == "async"}
	if l.cfg.Choice("ties") == "random" {
		opt.Ties = memory.TiesRandom
	}
	nflip := min(l.cfg.Int("nflip"), l.shape.MaxFlip())
	var cue pattern.Pattern
	for i, p := range l.pats {
		r := pattern.NewRand(uint64(l.cfg.Int("seed")), streamPictureMeter, uint64(i))
		cue = pattern.Distort(cue, r, l.shape, p, nflip)
		if opt.Async || opt.Ties == memory.TiesRandom {
			opt.Rand = r
		}
		res, err := l.net.Recall(cue, opt)
		if err != nil {
			return s, err
		}
		s.Tests++
		if pattern.Equal(res.Final, p) {
			s.Correct++
		}
		s.Overlap += float64(pattern.Overlap(res.Final, p)) / float64(len(p))
		s.Iters += res.Iterations
	}
	return s, nil
}

// measurePicturesNow fills the meter's curve key (meterKeyOf: the rule,
// the settings and the pictures) at the current number of pictures, once; a
// picture set the meter cannot measure leaves its reason in the meter's
// error.
func (l *Lab) measurePicturesNow(key string) {
	if !picturesOn(l.cfg) || l.experimentsOn() {
		return
	}
	m := &l.meter
	P := l.cfg.Int("npat")
	if _, ok := m.curves[key][P]; ok {
		return
	}
	s, err := l.measurePictures()
	m.ver++
	if err != nil {
		m.err = err.Error()
		return
	}
	m.err = ""
	l.keepPoint(key, P, s)
}
