package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// NoDuplicateNames reports the first object in a JSON document that has two
// members with the same name (after decoding): readers disagree on which
// one wins, so an audit record must never contain one.
func NoDuplicateNames(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				name := k.(string)
				if seen[name] {
					return fmt.Errorf("duplicate JSON name %q in %s", name, path)
				}
				seen[name] = true
				if err := walk(path + "." + name); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	return walk("record")
}
