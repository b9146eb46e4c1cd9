package graph

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date of year, month or day precision, as partnership
// records give them: "1957", "1990-05", "1990-05-01". The zero Date means
// unknown. Dates compare by their first day: 1990 is before 1990-05.
type Date struct {
	Year  int // 0 means unknown
	Month int // 0 when only the year is known
	Day   int // 0 when only year and month are known
}

// NewDate returns the date y-m-d; m and d may be 0 for a coarser precision.
func NewDate(y, m, d int) Date { return Date{Year: y, Month: m, Day: d} }

// DateOf returns the day of t.
func DateOf(t time.Time) Date { return Date{t.Year(), int(t.Month()), t.Day()} }

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// ord orders dates by their first day.
func (d Date) ord() int { return d.Year*10000 + d.Month*100 + d.Day }

// Before reports whether d is before e; an unknown date is before every known one.
func (d Date) Before(e Date) bool { return d.ord() < e.ord() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch a, b := d.ord(), e.ord(); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String formats the date in ISO 8601 at its precision ("1957", "1990-05",
// "1990-05-01"), or "" when unknown.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Valid reports whether a known date names a real day, month or year
// (years 1000 to 9999).
func (d Date) Valid() bool {
	if d.IsZero() {
		return d.Month == 0 && d.Day == 0
	}
	if d.Year < 1000 || d.Year > 9999 || d.Month < 0 || d.Month > 12 || d.Day < 0 {
		return false
	}
	if d.Month == 0 {
		return d.Day == 0
	}
	if d.Day == 0 {
		return true
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.Day
}

// ParseDate reads an ISO date at year, month or day precision: "1957",
// "1990-05", "1990-05-01". The empty string is the zero Date. Spreadsheet
// forms such as "01.05.1990" are the importer's business.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && !(c == '-' && (i == 4 || i == 7)) {
			return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
	}
	var d Date
	var err error
	switch len(s) {
	case 4:
		d.Year, err = strconv.Atoi(s)
	case 7:
		if s[4] != '-' {
			return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		d.Year, err = strconv.Atoi(s[:4])
		if err == nil {
			d.Month, err = strconv.Atoi(s[5:])
		}
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		d.Year, err = strconv.Atoi(s[:4])
		if err == nil {
			d.Month, err = strconv.Atoi(s[5:7])
		}
		if err == nil {
			d.Day, err = strconv.Atoi(s[8:])
		}
	default:
		return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if err != nil || !d.Valid() || d.IsZero() {
		return Date{}, fmt.Errorf("date %q: not a valid date", s)
	}
	return d, nil
}

// MarshalJSON writes the date as its ISO string, or null when unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads an ISO string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
