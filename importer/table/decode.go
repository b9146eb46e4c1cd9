package table

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// The encodings a Reader tells apart by itself.
const (
	UTF8        = "UTF-8"
	UTF16       = "UTF-16"
	Windows1252 = "Windows-1252"
)

// decoding modes
const (
	modeAuto    = iota // each line UTF-8 or Windows-1252; they must agree
	modeUTF8           // strict UTF-8: a BOM, --encoding utf-8, or UTF-16 decoded
	modeCharmap        // a single-byte encoding
	modeOther          // any other encoding golang.org/x/text knows
)

// decoder turns the raw lines into text.
type decoder struct {
	mode int
	name string // the encoding, as Encoding reports it
	why  string // why the file must be UTF-8, for messages
	cm   *charmap.Charmap
	dec  *encoding.Decoder
	buf  []byte
	// In modeAuto: the encoding the first line with other than ASCII
	// characters showed, its line, and the first line that disagreed.
	decided   string
	decidedAt int
	mixedAt   int
}

// lookupEncoding finds an encoding by an IANA or WHATWG name ("utf-8",
// "windows-1252", "cp1252", "latin1", "iso-8859-15", "utf-16le",
// "macintosh", ...).
func lookupEncoding(name string) (encoding.Encoding, string, error) {
	n := strings.TrimSpace(name)
	e, err := ianaindex.IANA.Encoding(n)
	if err != nil || e == nil {
		e, err = htmlindex.Get(n)
	}
	if err != nil || e == nil {
		return nil, "", fmt.Errorf("unknown encoding %q (want a name such as utf-8, windows-1252, iso-8859-1, iso-8859-15, utf-16le or macintosh)", name)
	}
	canon, err := ianaindex.MIME.Name(e)
	if err != nil || canon == "" {
		canon, _ = ianaindex.IANA.Name(e)
	}
	if canon == "" {
		canon = n
	}
	return e, canon, nil
}

// newDecoder sets the decoder up for an encoding given by name ("" to
// tell each line's encoding). It returns the reader to split into lines:
// UTF-16 is decoded on the way in, so its lines arrive as UTF-8.
func newDecoder(name string) (*decoder, error) {
	d := &decoder{mode: modeAuto, name: UTF8}
	if name == "" {
		return d, nil
	}
	e, canon, err := lookupEncoding(name)
	if err != nil {
		return nil, err
	}
	d.name = canon
	switch {
	case e == unicode.UTF8 || e == unicode.UTF8BOM || strings.EqualFold(canon, "UTF-8"):
		d.mode, d.name, d.why = modeUTF8, UTF8, "--encoding "+name
	default:
		if cm, ok := e.(*charmap.Charmap); ok {
			d.mode, d.cm = modeCharmap, cm
		} else {
			d.mode, d.dec = modeOther, e.NewDecoder()
		}
	}
	return d, nil
}

// isUTF16 reports whether an encoding name given to NewReader is UTF-16,
// which is decoded as a stream, not line by line.
func isUTF16(name string) (encoding.Encoding, bool) {
	if name == "" {
		return nil, false
	}
	e, canon, err := lookupEncoding(name)
	if err != nil || !strings.HasPrefix(strings.ToUpper(canon), "UTF-16") {
		return nil, false
	}
	return e, true
}

// decode returns the text of a line and the problem with it, if any. The
// text is the best reading even when there is a problem, for the record
// of rejected lines.
func (d *decoder) decode(num int, b []byte) (string, *Problem) {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		s := string(b)
		return s, checkText(num, s, true)
	}
	switch d.mode {
	case modeUTF8:
		s := string(b)
		if !utf8.Valid(b) {
			k := firstInvalid(b)
			return strings.ToValidUTF8(s, "\uFFFD"), &Problem{Line: num, Col: utf8.RuneCount(b[:k]) + 1,
				Msg: fmt.Sprintf("byte 0x%02X is not UTF-8 (%s)", b[k], d.why)}
		}
		return s, checkText(num, s, false)
	case modeCharmap:
		s := d.charmap(d.cm, b)
		if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
			col := utf8.RuneCountInString(s[:i]) + 1
			return s, &Problem{Line: num, Col: col, Msg: fmt.Sprintf("byte 0x%02X is not a character in %s", b[col-1], d.name)}
		}
		return s, checkText(num, s, false)
	case modeOther:
		out, err := d.dec.Bytes(b)
		s := string(out)
		if err != nil {
			return strings.ToValidUTF8(s, "\uFFFD"), &Problem{Line: num, Col: 1, Msg: fmt.Sprintf("not %s: %v", d.name, err)}
		}
		if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
			return s, &Problem{Line: num, Col: utf8.RuneCountInString(s[:i]) + 1, Msg: "a byte sequence that is not " + d.name}
		}
		return s, checkText(num, s, false)
	}
	return d.auto(num, b)
}

// auto reads a line with characters beyond ASCII as UTF-8 if it is valid
// UTF-8 and as Windows-1252 otherwise; every such line of a file must read
// the same way as the first.
func (d *decoder) auto(num int, b []byte) (string, *Problem) {
	enc := UTF8
	var s string
	k := firstInvalid(b)
	if k >= 0 {
		enc = Windows1252
		s = d.charmap(charmap.Windows1252, b)
	} else {
		s = string(b)
	}
	if d.decided == "" {
		d.decided, d.decidedAt, d.name = enc, num, enc
	}
	if enc != d.decided {
		if d.mixedAt == 0 {
			d.mixedAt = num
		}
		var col int
		var msg string
		if enc == Windows1252 {
			col = utf8.RuneCount(b[:k]) + 1
			msg = fmt.Sprintf("mixed encodings: this line is not UTF-8 (byte 0x%02X) but line %d is; "+
				"save the file in one encoding, or give --encoding", b[k], d.decidedAt)
		} else {
			i := firstNonASCII(b)
			r, _ := utf8.DecodeRune(b[i:])
			col = i + 1
			msg = fmt.Sprintf("mixed encodings: this line reads as UTF-8 (%q) but line %d is Windows-1252; "+
				"save the file in one encoding, or give --encoding", string(r), d.decidedAt)
		}
		return s, &Problem{Line: num, Col: col, Msg: msg, Mixed: true}
	}
	if enc == Windows1252 {
		if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
			col := utf8.RuneCountInString(s[:i]) + 1
			return s, &Problem{Line: num, Col: col, Msg: fmt.Sprintf("byte 0x%02X is neither UTF-8 nor Windows-1252", b[col-1])}
		}
	}
	return s, checkText(num, s, false)
}

// charmap decodes a line of a single-byte encoding.
func (d *decoder) charmap(cm *charmap.Charmap, b []byte) string {
	out := d.buf[:0]
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
			continue
		}
		out = utf8.AppendRune(out, cm.DecodeByte(c))
	}
	d.buf = out
	return string(out)
}

// firstInvalid returns the index of the first byte of b that is not part
// of valid UTF-8, or -1.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return 0
}

// checkText finds characters no cell of a table should hold: control
// characters (other than tab), U+FFFD (a character an earlier conversion
// lost), a byte order mark inside the file, and UTF-8 that was read as
// Windows-1252 on its way in ("KrakÃ³w").
func checkText(num int, s string, ascii bool) *Problem {
	if ascii {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 && c != '\t' || c == 0x7F {
				return &Problem{Line: num, Col: i + 1, Msg: controlMsg(rune(c))}
			}
		}
		return nil
	}
	col := 0
	var prev rune
	for _, r := range s {
		col++
		switch {
		case r < 0x20 && r != '\t' || r >= 0x7F && r <= 0x9F:
			return &Problem{Line: num, Col: col, Msg: controlMsg(r)}
		case r == utf8.RuneError:
			return &Problem{Line: num, Col: col, Msg: "the text holds U+FFFD (\uFFFD), a character an earlier conversion lost; fix it at the source"}
		case r == '\uFEFF':
			return &Problem{Line: num, Col: col, Msg: "a byte order mark inside the file (were two files joined?)"}
		case prev == 'Â' || prev == 'Ã' || prev == 'Ä' || prev == 'Å':
			if want, ok := undoMojibake(prev, r); ok {
				return &Problem{Line: num, Col: col - 1,
					Msg: fmt.Sprintf("garbled text %q: UTF-8 read as Windows-1252 before it was saved (it would be %q)", string(prev)+string(r), want)}
			}
		}
		prev = r
	}
	return nil
}

// undoMojibake returns the character two characters stand for when UTF-8
// was read as Windows-1252, if they do: the lead bytes of the Latin
// letters (Â, Ã, Ä, Å) followed by a continuation byte.
func undoMojibake(a, b rune) (string, bool) {
	ea, ok1 := charmap.Windows1252.EncodeRune(a)
	eb, ok2 := charmap.Windows1252.EncodeRune(b)
	if !ok1 || !ok2 || eb < 0x80 || eb > 0xBF {
		return "", false
	}
	r, n := utf8.DecodeRune([]byte{ea, eb})
	if r == utf8.RuneError || n != 2 {
		return "", false
	}
	return string(r), true
}

func controlMsg(r rune) string {
	if r == 0 {
		return "a NUL byte (a binary file, or UTF-16 read without its byte order mark?)"
	}
	return fmt.Sprintf("control character U+%04X", r)
}
