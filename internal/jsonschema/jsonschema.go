// Package jsonschema validates JSON documents against the subset of JSON
// Schema (draft 2020-12) that docs/record.schema.json uses: type, enum,
// const, pattern, minLength, maxLength, minimum, items, minItems,
// properties, patternProperties, additionalProperties, required,
// dependentRequired and if/then. A keyword outside that subset is an error
// when the schema is compiled, so nothing in the schema is silently
// unchecked.
//
// It is small on purpose: the record schema is the field reference of the
// audit log, and the tests validate every end-to-end log against it; a
// general validator library would be a dependency for a dozen keywords.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Schema is a compiled schema.
type Schema struct {
	types        []string
	enum         []any
	constant     any
	hasConst     bool
	pattern      *regexp.Regexp
	minLength    *int
	maxLength    *int
	minimum      *float64
	items        *Schema
	minItems     *int
	props        map[string]*Schema
	patternProps []patternProp
	additional   *Schema // nil: anything; see noAdditional
	noAdditional bool
	required     []string
	dependent    map[string][]string
	ifS, thenS   *Schema
}

type patternProp struct {
	re *regexp.Regexp
	s  *Schema
}

var annotations = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true, "$comment": true, "examples": true}

// Compile parses a schema document.
func Compile(data []byte) (*Schema, error) {
	v, err := decode(data)
	if err != nil {
		return nil, err
	}
	return compile(v, "#")
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

func compile(v any, at string) (*Schema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		if b, ok := v.(bool); ok && b {
			return &Schema{}, nil
		}
		return nil, fmt.Errorf("%s: a schema must be an object or true", at)
	}
	s := &Schema{}
	var err error
	intOf := func(k string) (*int, error) {
		n, ok := m[k].(json.Number)
		i, e := strconv.Atoi(string(n))
		if !ok || e != nil || i < 0 {
			return nil, fmt.Errorf("%s/%s: want a non-negative integer", at, k)
		}
		return &i, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		val := m[k]
		switch k {
		case "type":
			switch t := val.(type) {
			case string:
				s.types = []string{t}
			case []any:
				for _, x := range t {
					str, ok := x.(string)
					if !ok {
						return nil, fmt.Errorf("%s/type: want strings", at)
					}
					s.types = append(s.types, str)
				}
			default:
				return nil, fmt.Errorf("%s/type: want a string or an array", at)
			}
			for _, t := range s.types {
				switch t {
				case "null", "boolean", "object", "array", "number", "string", "integer":
				default:
					return nil, fmt.Errorf("%s/type: unknown type %q", at, t)
				}
			}
		case "enum":
			arr, ok := val.([]any)
			if !ok {
				return nil, fmt.Errorf("%s/enum: want an array", at)
			}
			s.enum = arr
		case "const":
			s.constant, s.hasConst = val, true
		case "pattern":
			p, ok := val.(string)
			if !ok {
				return nil, fmt.Errorf("%s/pattern: want a string", at)
			}
			if s.pattern, err = regexp.Compile(p); err != nil {
				return nil, fmt.Errorf("%s/pattern: %v", at, err)
			}
		case "minLength":
			if s.minLength, err = intOf(k); err != nil {
				return nil, err
			}
		case "maxLength":
			if s.maxLength, err = intOf(k); err != nil {
				return nil, err
			}
		case "minItems":
			if s.minItems, err = intOf(k); err != nil {
				return nil, err
			}
		case "minimum":
			n, ok := val.(json.Number)
			f, e := n.Float64()
			if !ok || e != nil {
				return nil, fmt.Errorf("%s/minimum: want a number", at)
			}
			s.minimum = &f
		case "items":
			if s.items, err = compile(val, at+"/items"); err != nil {
				return nil, err
			}
		case "properties", "patternProperties":
			pm, ok := val.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s/%s: want an object", at, k)
			}
			for name, sub := range pm {
				c, err := compile(sub, at+"/"+k+"/"+name)
				if err != nil {
					return nil, err
				}
				if k == "properties" {
					if s.props == nil {
						s.props = map[string]*Schema{}
					}
					s.props[name] = c
				} else {
					re, err := regexp.Compile(name)
					if err != nil {
						return nil, fmt.Errorf("%s/patternProperties: %v", at, err)
					}
					s.patternProps = append(s.patternProps, patternProp{re, c})
				}
			}
		case "additionalProperties":
			if b, ok := val.(bool); ok {
				s.noAdditional = !b
				break
			}
			if s.additional, err = compile(val, at+"/additionalProperties"); err != nil {
				return nil, err
			}
		case "required":
			if s.required, err = strings_(val, at+"/required"); err != nil {
				return nil, err
			}
		case "dependentRequired":
			dm, ok := val.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s/dependentRequired: want an object", at)
			}
			s.dependent = map[string][]string{}
			for name, list := range dm {
				if s.dependent[name], err = strings_(list, at+"/dependentRequired/"+name); err != nil {
					return nil, err
				}
			}
		case "if":
			if s.ifS, err = compile(val, at+"/if"); err != nil {
				return nil, err
			}
		case "then":
			if s.thenS, err = compile(val, at+"/then"); err != nil {
				return nil, err
			}
		default:
			if !annotations[k] {
				return nil, fmt.Errorf("%s: keyword %q is not supported by this validator", at, k)
			}
		}
	}
	if (s.ifS == nil) != (s.thenS == nil) {
		return nil, fmt.Errorf("%s: if and then go together", at)
	}
	return s, nil
}

func strings_(v any, at string) ([]string, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: want an array of strings", at)
	}
	out := make([]string, len(arr))
	for i, x := range arr {
		if out[i], ok = x.(string); !ok {
			return nil, fmt.Errorf("%s: want an array of strings", at)
		}
	}
	return out, nil
}

// Validate checks one JSON document (bytes) against s.
func (s *Schema) Validate(data []byte) error {
	v, err := decode(data)
	if err != nil {
		return err
	}
	return s.ValidateValue(v)
}

// ValidateValue checks a value decoded with encoding/json and UseNumber.
func (s *Schema) ValidateValue(v any) error {
	return s.check(v, "")
}

func typeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			if f, err := x.Float64(); err == nil && f == float64(int64(f)) {
				return "integer"
			}
			return "number"
		}
		return "integer"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	}
	return "unknown"
}

func (s *Schema) check(v any, at string) error {
	name := at
	if name == "" {
		name = "record"
	}
	if len(s.types) > 0 {
		t, ok := typeOf(v), false
		for _, want := range s.types {
			if want == t || want == "number" && t == "integer" {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf("%s: is %s, want %s", name, t, strings.Join(s.types, " or "))
		}
	}
	if s.hasConst && !equal(v, s.constant) {
		return fmt.Errorf("%s: is %v, want %v", name, v, s.constant)
	}
	if s.enum != nil {
		ok := false
		for _, e := range s.enum {
			ok = ok || equal(v, e)
		}
		if !ok {
			return fmt.Errorf("%s: %v is not one of %v", name, v, s.enum)
		}
	}
	switch x := v.(type) {
	case string:
		n := utf8.RuneCountInString(x)
		if s.minLength != nil && n < *s.minLength || s.maxLength != nil && n > *s.maxLength {
			return fmt.Errorf("%s: length %d out of bounds", name, n)
		}
		if s.pattern != nil && !s.pattern.MatchString(x) {
			return fmt.Errorf("%s: %q does not match %s", name, x, s.pattern)
		}
	case json.Number:
		if f, err := x.Float64(); err == nil && s.minimum != nil && f < *s.minimum {
			return fmt.Errorf("%s: %v is below %v", name, x, *s.minimum)
		}
	case []any:
		if s.minItems != nil && len(x) < *s.minItems {
			return fmt.Errorf("%s: %d items, want at least %d", name, len(x), *s.minItems)
		}
		if s.items != nil {
			for i, e := range x {
				if err := s.items.check(e, fmt.Sprintf("%s[%d]", name, i)); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, r := range s.required {
			if _, ok := x[r]; !ok {
				return fmt.Errorf("%s: missing %s", name, r)
			}
		}
		for _, k := range keys {
			if deps, ok := s.dependent[k]; ok {
				for _, d := range deps {
					if _, ok := x[d]; !ok {
						return fmt.Errorf("%s: %s is present without %s", name, k, d)
					}
				}
			}
		}
		for _, k := range keys {
			matched := false
			if sub, ok := s.props[k]; ok {
				matched = true
				if err := sub.check(x[k], k); err != nil {
					return err
				}
			}
			for _, pp := range s.patternProps {
				if pp.re.MatchString(k) {
					matched = true
					if err := pp.s.check(x[k], k); err != nil {
						return err
					}
				}
			}
			if matched {
				continue
			}
			if s.noAdditional {
				return fmt.Errorf("%s: field %s is not in the schema (docs/record.schema.json)", name, k)
			}
			if s.additional != nil {
				if err := s.additional.check(x[k], k); err != nil {
					return err
				}
			}
		}
	}
	if s.ifS != nil && s.ifS.check(v, at) == nil {
		if err := s.thenS.check(v, at); err != nil {
			return err
		}
	}
	return nil
}

func equal(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		if y, ok := b.(json.Number); ok {
			fx, e1 := x.Float64()
			fy, e2 := y.Float64()
			return e1 == nil && e2 == nil && fx == fy
		}
	}
	return reflect.DeepEqual(a, b)
}
