package jsonschema

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestElasticsearchTemplateMapsEveryField: every field of the record schema
// has an explicit mapping in deploy/elasticsearch (the template is
// "dynamic": false, so an unmapped field would be silently unsearchable),
// and spython.args is never indexed.
func TestElasticsearchTemplateMapsEveryField(t *testing.T) {
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	var tmpl struct {
		Template struct {
			Mappings struct {
				Dynamic    bool           `json:"dynamic"`
				Properties map[string]any `json:"properties"`
			} `json:"mappings"`
		} `json:"template"`
	}
	for path, v := range map[string]any{"../../docs/record.schema.json": &schema, "../../deploy/elasticsearch/spython-template.json": &tmpl} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if tmpl.Template.Mappings.Dynamic {
		t.Error("the template maps unknown fields dynamically")
	}
	lookup := func(field string) map[string]any {
		props := tmpl.Template.Mappings.Properties
		if m, ok := props[field].(map[string]any); ok { // @timestamp
			return m
		}
		parts := strings.Split(field, ".")
		for i, p := range parts {
			m, ok := props[p].(map[string]any)
			if !ok {
				return nil
			}
			if i == len(parts)-1 {
				return m
			}
			props, _ = m["properties"].(map[string]any)
		}
		return nil
	}
	for field := range schema.Properties {
		m := lookup(field)
		if m == nil || m["type"] == nil {
			t.Errorf("%s has no mapping in deploy/elasticsearch/spython-template.json", field)
		}
	}
	if m := lookup("spython.args"); m == nil || m["enabled"] != false {
		t.Errorf("spython.args mapping = %v, want an object with enabled false", m)
	}
}
