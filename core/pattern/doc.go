// Package pattern makes the binary patterns an associative memory stores and
// recalls: random modular (H×M) and K-of-N patterns, their distortions, sets of
// distorted prototype instances, correlated sets, and pictures (letters,
// digits and drawings).
//
// # Patterns
//
// A pattern is a binary vector x ∈ {0,1}^N with few active units
// (moderately sparse). Two network kinds are used:
//
//   - Modular (H×M): N = H·M units in H hypercolumns (modules) of M
//     minicolumns (units) each, with exactly one active unit per hypercolumn,
//     so H units are on and the activity is f = 1/M. A random pattern draws
//     each hypercolumn's active unit uniformly and independently. The
//     hypercolumn is a cortical motif: a small population in which local
//     inhibition lets one unit win.
//   - K-of-N (non-modular): exactly K of N units active, chosen uniformly
//     without replacement. Compared with a modular net one uses K = H, so
//     both have the same activity.
//
// A [Pattern] is stored sparsely as the sorted indices of its active units. In
// a modular pattern the entry for hypercolumn h is h·M + m, so Pattern[h]
// always lies in hypercolumn h. [Shape] holds the geometry and its limits
// ([MaxUnits]: the N×N weight matrix must fit in a browser tab).
//
// # Distortion
//
// A cue, or a training instance of a prototype, is a stored pattern with
// nflip changes ([Distort]):
//
//   - modular: nflip distinct hypercolumns, chosen uniformly, each move their
//     active unit to one of the other M−1 units, uniformly;
//   - K-of-N: nflip active units are turned off and nflip inactive ones
//     turned on, so the activity is preserved.
//
// nflip may be fractional, e.g. 10% of H = 20 is 2.5. The paper does not say
// how; our choice is that each pattern of a set gets ⌊nflip⌋ or ⌈nflip⌉ flips
// so that the mean over the set is nflip exactly whenever nflip times the
// size of the set is a whole number, and otherwise as near as whole numbers
// allow ([FlipCounts]); which patterns get the extra flip is drawn at random.
//
// # Prototype sets
//
// For prototype extraction ([NextPrototype]) each prototype has ninst
// training instances, each distorted independently with nflip_train, and
// ninst fresh test instances distorted with nflip_test; the prototype
// itself is never stored, and the test asks whether recall from a test
// instance returns the generating prototype.
//
// # Correlated sets
//
// Random patterns are nearly orthogonal; real data are not. The benchmark
// measures sensitivity to correlations, but its method for making correlated
// sets is not published, so we define two families, each with one knob that
// a sweep varies ([Correlation], drawn by a [Generator]):
//
//   - Hierarchical: G parent patterns are drawn first; each stored pattern is
//     a parent chosen uniformly, distorted with dparent flips as above
//     (fractional dparent: ⌊dparent⌋ or ⌈dparent⌉ flips by a systematic
//     rounding with a random phase, so that the mean over the first n
//     patterns is exactly dparent whenever n·dparent is whole).
//     Small dparent gives strongly correlated patterns (clusters round the
//     parents), large dparent weakly correlated ones.
//   - Zipf (skewed usage): in each hypercolumn the units are ranked by a
//     random permutation drawn from the repetition's stream (not by index:
//     recall breaks ties towards low indices, which would then favour the
//     popular units) and the unit of rank k =
//     0, 1, …, M−1 is chosen with probability ∝ (k+1)^(−s); s = 0 is uniform,
//     large s makes a few units carry most patterns, as word frequencies do
//     (Zipf's law). For K-of-N nets the N units are weighted the same way and
//     K are drawn without replacement (Efraimidis and Spirakis 2006).
//
// A generator's first P patterns do not depend on how many more it draws
// later, so a capacity search can grow and shrink a stored set without
// changing its members.
//
// # Pictures
//
// Binary images are stored as patterns of a modular net with one
// hypercolumn per pixel and two units in it, "off" and "on"
// ([PictureShape], [FromPicture], [ToPicture]). Every image is then a valid
// pattern, whatever its number of on pixels; recall's winner-take-all
// decides each pixel between its two units (the classic ±1 Hopfield picture
// of a pixel, with activity f = 1/2); and a distortion of nflip
// hypercolumns flips exactly nflip pixels. A K-of-N net with one unit per
// pixel was the alternative: recall keeps exactly K winners, so every
// picture would need the same number of on pixels, which letters do not
// have (10 to 20 of 35 here) unless they are thickened or thinned out of
// shape. The built-in set ([Glyph]) is the letters A–Z and digits 0–9 on
// 5×7 pixels; they are strongly correlated (O, Q, 0, D), so recall fails
// after far fewer of them than of random patterns, which is the point a
// demonstration can make. A set of pictures is written as one versioned,
// compact text ([EncodePictures]: "v1." and the packed bits in base64url)
// that [DecodePictures] validates.
//
// # Determinism
//
// Every random draw comes from one seeded generator per experiment, made by
// [NewRand] (math/rand/v2's PCG, with independent streams for independent
// parts such as repetitions and cues), so the same configuration and seed give
// the same patterns on every platform, natively and in WebAssembly (PCG is
// specified bit for bit).
//
// # References
//
//   - A. Lansner, A. Knoblauch, N. B. Ravichandran, P. Herman, "Benchmarking
//     local Hebbian learning rules for memory storage and prototype
//     extraction", arXiv:2605.01074 (2026): the modular and K-of-N patterns,
//     nflip, prototype extraction and the correlation experiments.
//   - P. S. Efraimidis, P. G. Spirakis, "Weighted random sampling with a
//     reservoir", Information Processing Letters 97(5) (2006).
//   - J. Bentley, B. Floyd, "A sample of brilliance", Communications of the
//     ACM 30 (1987): the K-of-N sampling in [Random].
package pattern
