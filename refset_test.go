package munireg

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// checkRefsWithMap is CheckRefs as it was written first, over a map: the
// reference the hash table is held to.
func checkRefsWithMap(refs []string) error {
	var errs ValidationErrors
	seen := make(map[string]struct{}, len(refs))
	for i, ref := range refs {
		if ref == "" {
			errs.Add(fmt.Sprintf("[%d].ref", i), ErrRequired)
			continue
		}
		if _, dup := seen[ref]; dup {
			errs.Add(fmt.Sprintf("[%d].ref", i), fmt.Errorf("%w: %q", ErrDuplicateRef, ref))
			continue
		}
		seen[ref] = struct{}{}
	}
	return errs.Err()
}

// randomRefs returns n references drawn from a small alphabet, so that
// repeats are common, with an empty one now and then.
func randomRefs(rng *rand.Rand, n int) []string {
	refs := make([]string, n)
	for i := range refs {
		switch rng.IntN(10) {
		case 0:
			refs[i] = ""
		case 1:
			if i > 0 {
				refs[i] = refs[rng.IntN(i)]
				break
			}
			fallthrough
		default:
			refs[i] = fmt.Sprintf("%04d", rng.IntN(3*n+1))
		}
	}
	return refs
}

// sameErrors fails unless got and want are both nil or both ValidationErrors
// with the same fields, messages and sentinels.
func sameErrors(t *testing.T, call string, got, want error) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Fatalf("%s = %v, want %v", call, got, want)
	}
	if got == nil {
		return
	}
	var g, w ValidationErrors
	if !errors.As(got, &g) || !errors.As(want, &w) || len(g) != len(w) {
		t.Fatalf("%s = %v, want %v", call, got, want)
	}
	for i := range g {
		if g[i].Field != w[i].Field || g[i].Err.Error() != w[i].Err.Error() ||
			errors.Is(g[i], ErrRequired) != errors.Is(w[i], ErrRequired) ||
			errors.Is(g[i], ErrDuplicateRef) != errors.Is(w[i], ErrDuplicateRef) {
			t.Fatalf("%s[%d] = %s: %v, want %s: %v", call, i, g[i].Field, g[i].Err, w[i].Field, w[i].Err)
		}
	}
}

// TestCheckRefsHashTable checks CheckRefs against the map it replaced: the
// same violations, fields and messages, in the same order, for random
// references with repeats and empty ones, at sizes around the table's
// growth steps.
func TestCheckRefsHashTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 357))
	for iter := range 3000 {
		n := rng.IntN(70)
		if iter%100 == 0 {
			n = 500 + rng.IntN(2000)
		}
		refs := randomRefs(rng, n)
		call := fmt.Sprintf("#%d CheckRefs(%q)", iter, refs)
		sameErrors(t, call, CheckRefs(refs), checkRefsWithMap(refs))
	}
}

// TestRefSetMany checks the set's map form, used for more references than
// int32 indexes, on the same random references as the table.
func TestRefSetMany(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 100_000))
	for iter := range 500 {
		refs := randomRefs(rng, rng.IntN(70))
		table := newRefSet(refs)
		many := refSet{refs: refs, many: map[string]struct{}{}}
		for i, ref := range refs {
			if ref == "" {
				continue
			}
			if g, w := many.add(i), table.add(i); g != w {
				t.Fatalf("#%d add(%d) of %q = %v in the map, %v in the table", iter, i, refs, g, w)
			}
		}
	}
}

// TestCheckRefsEveryRepeat checks a list where every reference repeats the
// first: each later one is reported, with its own index.
func TestCheckRefsEveryRepeat(t *testing.T) {
	refs := []string{"0301", "0301", "", "0301", "1101", "1101"}
	want := []string{`[1].ref: duplicate reference: "0301"`, "[2].ref: required",
		`[3].ref: duplicate reference: "0301"`, `[5].ref: duplicate reference: "1101"`}
	var got ValidationErrors
	if !errors.As(CheckRefs(refs), &got) || len(got) != len(want) {
		t.Fatalf("CheckRefs(%q) = %v, want %q", refs, CheckRefs(refs), want)
	}
	for i, v := range got {
		if v.Error() != want[i] {
			t.Errorf("CheckRefs(%q)[%d] = %q, want %q", refs, i, v.Error(), want[i])
		}
	}
}
