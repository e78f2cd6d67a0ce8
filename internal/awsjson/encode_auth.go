package awsjson

import "sort"

// MapMasked is Map with the value of every key for which mask returns
// true replaced by replacement (empty values stay empty), for logging.
func (o *Object) MapMasked(k string, m map[string]string, mask func(key string) bool, replacement string) {
	if m == nil {
		return
	}
	o.Key(k)
	o.Begin()
	keys := make([]string, 0, len(m))
	for mk := range m {
		keys = append(keys, mk)
	}
	sort.Strings(keys)
	for _, mk := range keys {
		v := m[mk]
		if v != "" && mask(mk) {
			v = replacement
		}
		o.Key(mk)
		o.Buf = AppendString(o.Buf, v)
	}
	o.End()
}

// BeginList opens a list as the value of a member whose key was written
// with Key; each element starts with Elem.
func (o *Object) BeginList() {
	o.Buf = append(o.Buf, '[')
	o.count[o.depth] = 0
	o.depth++
}

// Elem starts an element of the innermost open list.
func (o *Object) Elem() {
	n := o.depth - 1
	if o.count[n] > 0 {
		o.Buf = append(o.Buf, ',')
	}
	o.count[n]++
}

// EndList closes the innermost open list.
func (o *Object) EndList() {
	o.Buf = append(o.Buf, ']')
	o.depth--
}
