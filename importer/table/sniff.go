package table

import (
	"bytes"
	"fmt"
	"strings"
)

// notText tells why the start of an input is not a table, or "".
func notText(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a zip archive, such as an Excel workbook (.xlsx); save the sheet as CSV"
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "an old Excel workbook (.xls) or other Office file; save the sheet as CSV"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "a PDF; export the table as CSV"
	}
	var even, odd int
	for i, c := range head {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	n := len(head)
	switch {
	case n >= 8 && odd*3 >= n && even*20 < n:
		return "it looks like UTF-16 (little-endian) without a byte order mark; give --encoding utf-16le"
	case n >= 8 && even*3 >= n && odd*20 < n:
		return "it looks like UTF-16 (big-endian) without a byte order mark; give --encoding utf-16be"
	case even+odd > 16 && (even+odd)*50 >= n:
		return fmt.Sprintf("%d NUL bytes in the first %d (a spreadsheet or other binary file? export it as CSV)", even+odd, n)
	}
	return ""
}

// sniff picks the delimiter: of tab, ';' and ',', the one that the first
// ten lines hold most consistently outside quotes (the most lines with the
// same number of it, then the larger number), so that a title above the
// header or a long cell full of commas does not decide; ',' when none
// does. An Excel "sep=X" first line names it.
func sniff(text []byte) byte {
	if rest, ok := bytes.CutPrefix(text, []byte("sep=")); ok && len(rest) > 0 {
		if c := rest[0]; (len(rest) == 1 || rest[1] == '\r' || rest[1] == '\n') && (c == '\t' || c > ' ' && c < 0x7F && c != '"' &&
			!('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z')) {
			return c
		}
	}
	counts := candidateCounts(text, 10)
	best, bestSupport, bestMode := byte(','), 0, 0
	for i := range candidates {
		mode, support := modal(counts[i])
		if support > bestSupport || support == bestSupport && mode > bestMode {
			best, bestSupport, bestMode = candidates[i], support, mode
		}
	}
	return best
}

// candidates are the delimiters sniff tells apart, in order of preference.
const candidates = "\t;,"

// candidateCounts counts each candidate delimiter outside quotes on each of
// the first n lines of text with any text.
func candidateCounts(text []byte, n int) [len(candidates)][]int {
	var counts [len(candidates)][]int
	for lines := 0; len(text) > 0 && lines < n; {
		end := bytes.IndexAny(text, "\r\n")
		if end < 0 {
			end = len(text)
		}
		ln := text[:end]
		text = text[min(end+1, len(text)):]
		if len(bytes.TrimSpace(ln)) == 0 {
			continue
		}
		lines++
		var c [len(candidates)]int
		quoted := false
		for _, b := range ln {
			if b == '"' {
				quoted = !quoted
			} else if i := strings.IndexByte(candidates, b); i >= 0 && !quoted {
				c[i]++
			}
		}
		for i := range c {
			counts[i] = append(counts[i], c[i])
		}
	}
	return counts
}

// modal returns the most frequent non-zero value of ns (the larger on a
// tie) and how often it occurs.
func modal(ns []int) (mode, support int) {
	freq := map[int]int{}
	for _, n := range ns {
		if n > 0 {
			freq[n]++
		}
	}
	for n, f := range freq {
		if f > support || f == support && n > mode {
			mode, support = n, f
		}
	}
	return mode, support
}
