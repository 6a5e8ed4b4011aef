/* The fill-in form (填报表单): the official tables as inputs, checked as a clerk types, saved as
 * the YAML file `portal new` would lay out.
 *
 * Nothing here defines a rule, a label or a message. Everything comes from the JSON the page
 * embeds (generator/publish/form.py): the report's JSON Schema, checked keyword by keyword as
 * the validator's jsonschema does; the words of its messages (checks/schema_errors.WORDS); the
 * R1–R4 equations with their message templates (checks/equations); the official tables
 * (generator/layout); and what the YAML writer (content/yamlwrite) needs to lay a file out byte
 * for byte. tests/test_form.py holds both sides to the same findings and the same bytes.
 *
 * Nothing typed leaves the browser: opening a published report fetches this site's own YAML,
 * saving downloads a file.
 */
(function () {
  "use strict";

  var root = document.getElementById("pt-form");
  if (!root) return;
  var SPEC = JSON.parse(document.getElementById("pt-form-spec").textContent);
  var SCHEMA = SPEC.schema;
  var MAX_BYTES = 2 * 1024 * 1024; // as content/yamlread: a real report is ~20 KB

  /* ------------------------------------------------------------------ values */

  // A number as published: whole (a Python int) or with decimals (a Python Decimal, its digits
  // kept). Kept as text; arithmetic on BigInt, scaled.
  function Num(text, whole) {
    this.text = text;
    this.whole = whole;
  }
  function isNum(v) { return v instanceof Num; }
  function isDict(v) { return v !== null && typeof v === "object" && !Array.isArray(v) && !isNum(v); }

  var INT = /^-?(0|[1-9][0-9]*)$/;
  var DEC = /^-?(0|[1-9][0-9]*)\.[0-9]+$/;
  function scaled(n) {
    var t = n.text, neg = t.charAt(0) === "-";
    if (neg) t = t.slice(1);
    var dot = t.indexOf("."), s = dot < 0 ? 0 : t.length - dot - 1;
    var b = BigInt(t.replace(".", ""));
    return { b: neg ? -b : b, s: s, neg: neg };
  }
  // Python's str(Decimal) (the validator prints sums and values with it).
  function decimalText(b, s, negZero) {
    var neg = b < 0n || (b === 0n && negZero);
    var c = (b < 0n ? -b : b).toString(), e = -s;
    var adjusted = e + c.length - 1, out;
    if (e <= 0 && adjusted >= -6) {
      if (e === 0) out = c;
      else if (c.length > -e) out = c.slice(0, c.length + e) + "." + c.slice(c.length + e);
      else out = "0." + "0".repeat(-e - c.length) + c;
    } else {
      out = c.charAt(0) + (c.length > 1 ? "." + c.slice(1) : "") + "E" + (adjusted > 0 ? "+" : "") + adjusted;
    }
    return (neg ? "-" : "") + out;
  }
  function numText(n) {
    if (n.whole) return n.text;
    var x = scaled(n);
    return decimalText(x.b, x.s, x.neg);
  }
  function sum(values) {
    var b = 0n, s = 0, whole = true;
    values.forEach(function (v) {
      var x = scaled(v);
      if (!v.whole) whole = false;
      if (x.s > s) { b = b * 10n ** BigInt(x.s - s); s = x.s; }
      b += x.b * 10n ** BigInt(s - x.s);
    });
    return { b: b, s: s, whole: whole };
  }
  function sumText(t) { return t.whole ? t.b.toString() : decimalText(t.b, t.s, false); }
  function compareNum(n, limit) { // n: Num, limit: a JSON number of the schema
    var x = scaled(n), y = BigInt(Math.trunc(limit)) * 10n ** BigInt(x.s);
    return x.b < y ? -1 : x.b > y ? 1 : 0;
  }

  /* -------------------------------------------------------------- field paths */

  function fieldName(path) {
    var out = "";
    path.forEach(function (p) {
      if (typeof p === "number") out += "[" + p + "]";
      else out += (out ? "." : "") + p;
    });
    return out;
  }
  function parseField(name) {
    var out = [], re = /([a-z_][a-z0-9_]*)|\[([0-9]+)\]/g, m;
    while ((m = re.exec(name))) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
    return out;
  }
  function getPath(data, path) {
    for (var i = 0; i < path.length; i++) {
      var p = path[i];
      if (typeof p === "number") data = Array.isArray(data) && p < data.length ? data[p] : undefined;
      else data = isDict(data) && Object.prototype.hasOwnProperty.call(data, p) ? data[p] : undefined;
      if (data === undefined) return undefined;
    }
    return data;
  }
  function setPath(data, path, value) {
    var node = data;
    for (var i = 0; i < path.length - 1; i++) {
      var p = path[i];
      if (node[p] === undefined || node[p] === null) node[p] = typeof path[i + 1] === "number" ? [] : {};
      node = node[p];
    }
    node[path[path.length - 1]] = value;
  }
  function clone(v) {
    if (Array.isArray(v)) return v.map(clone);
    if (isDict(v)) { var o = {}; Object.keys(v).forEach(function (k) { o[k] = clone(v[k]); }); return o; }
    return v;
  }
  function revive(v) { // the blank reports of the spec, and test data: {"$num": "1.50"} → Num
    if (Array.isArray(v)) return v.map(revive);
    if (v !== null && typeof v === "object") {
      if (typeof v.$num === "string") return new Num(v.$num, INT.test(v.$num));
      var o = {};
      Object.keys(v).forEach(function (k) { o[k] = revive(v[k]); });
      return o;
    }
    if (typeof v === "number") return new Num(String(v), true);
    return v;
  }

  /* ------------------------------------------------------- official layout */

  function tablesOf(fmt) { return SPEC.layouts[String(fmt)] || SPEC.layouts["2021"]; }
  // generator.layout.find: the labels from the table down to the cell.
  function find(fmt, path) {
    var labels = [], current = null;
    tablesOf(fmt).forEach(function (t) { if (t.key === path[0]) current = t; });
    if (!current) return labels;
    labels.push(current.label);
    for (var i = 1; i < path.length; i++) {
      var part = path[i];
      if ((current.kind === "table" || current.kind === "group") && typeof part === "string") {
        var next = null;
        current.children.forEach(function (c) { if (c.key === part) next = c; });
        if (!next) return labels;
        current = next;
        labels.push(current.label);
      } else if (typeof part === "number" && (current.kind === "row" || current.kind === "group")) {
        var row = current.kind === "row" ? current : current.single;
        if (row && part >= 0 && part < row.columns.length) labels.push(row.columns[part].label);
        return labels;
      } else {
        return labels;
      }
    }
    return labels;
  }
  function tableLabel(fmt, path) {
    var found = find(fmt || 2021, path);
    return (found.length > 1 ? found.slice(1) : found).join(" · ");
  }

  /* ------------------------------------------------------------ the schema */

  function deref(schema) {
    if (schema && schema.$ref) return SCHEMA.$defs[schema.$ref.split("/").pop()];
    return schema;
  }
  function typeIs(v, t) {
    switch (t) {
      case "object": return isDict(v);
      case "array": return Array.isArray(v);
      case "string": return typeof v === "string";
      case "integer": return isNum(v) && v.whole;
      case "number": return isNum(v);
      case "null": return v === null;
      case "boolean": return v === true || v === false;
    }
    return false;
  }
  function same(a, b) {
    if (isNum(a) && typeof b === "number") return numText(a) === String(b) || (a.whole && a.text === String(b));
    return a === b;
  }
  function codePoints(s) { return Array.from(s).length; }
  // Python's re.search: "$" also matches before a final newline.
  var patterns = {};
  function pattern(p) {
    if (!patterns[p]) patterns[p] = new RegExp(p.replace(/\$$/, "(?=\\n?$)"), "u");
    return patterns[p];
  }

  // Every error of `value` against `schema`, as jsonschema yields them (kind, path, the schema
  // holding the keyword, the value, the keyword's value); wrappers (allOf, if/then) give their
  // inner errors, as the validator keeps only those.
  function errors(value, schema, path, out) {
    if (schema === false) { out.push({ kind: "false", path: path, schema: schema, instance: value }); return out; }
    if (schema === true || !schema) return out;
    Object.keys(schema).forEach(function (k) {
      var v = schema[k];
      switch (k) {
        case "$ref":
          errors(value, deref(schema), path, out);
          break;
        case "type":
          var types = typeof v === "string" ? [v] : v;
          if (!types.some(function (t) { return typeIs(value, t); }))
            out.push({ kind: "type", path: path, schema: schema, instance: value, value: v });
          break;
        case "enum":
          if (!v.some(function (c) { return same(value, c); }))
            out.push({ kind: "enum", path: path, schema: schema, instance: value, value: v });
          break;
        case "const":
          if (!same(value, v)) out.push({ kind: "const", path: path, schema: schema, instance: value, value: v });
          break;
        case "pattern":
          if (typeof value === "string" && !pattern(v).test(value))
            out.push({ kind: "pattern", path: path, schema: schema, instance: value, value: v });
          break;
        case "minLength":
          if (typeof value === "string" && codePoints(value) < v)
            out.push({ kind: "minLength", path: path, schema: schema, instance: value, value: v });
          break;
        case "maxLength":
          if (typeof value === "string" && codePoints(value) > v)
            out.push({ kind: "maxLength", path: path, schema: schema, instance: value, value: v });
          break;
        case "minimum":
          if (isNum(value) && compareNum(value, v) < 0)
            out.push({ kind: "minimum", path: path, schema: schema, instance: value, value: v });
          break;
        case "maximum":
          if (isNum(value) && compareNum(value, v) > 0)
            out.push({ kind: "maximum", path: path, schema: schema, instance: value, value: v });
          break;
        case "anyOf":
          if (!v.some(function (s) { return errors(value, s, path, []).length === 0; }))
            out.push({ kind: "anyOf", path: path, schema: schema, instance: value, value: v });
          break;
        case "allOf":
          v.forEach(function (s) { errors(value, s, path, out); });
          break;
        case "if":
          if (errors(value, v, path, []).length === 0) {
            if ("then" in schema) errors(value, schema.then, path, out);
          } else if ("else" in schema) {
            errors(value, schema["else"], path, out);
          }
          break;
        case "properties":
          if (isDict(value))
            Object.keys(v).forEach(function (p) {
              if (Object.prototype.hasOwnProperty.call(value, p)) errors(value[p], v[p], path.concat([p]), out);
            });
          break;
        case "required":
          if (isDict(value))
            v.forEach(function (p) {
              if (!Object.prototype.hasOwnProperty.call(value, p))
                out.push({ kind: "required", path: path, schema: schema, instance: value, value: v });
            });
          break;
        case "additionalProperties":
          if (isDict(value)) {
            var known = schema.properties || {};
            var extra = Object.keys(value).filter(function (p) { return !(p in known); });
            if (v === false && extra.length)
              out.push({ kind: "additionalProperties", path: path, schema: schema, instance: value, value: v });
            else if (isDict(v)) extra.forEach(function (p) { errors(value[p], v, path.concat([p]), out); });
          }
          break;
        case "prefixItems":
          if (Array.isArray(value))
            v.forEach(function (s, i) { if (i < value.length) errors(value[i], s, path.concat([i]), out); });
          break;
        case "items":
          if (Array.isArray(value)) {
            var start = (schema.prefixItems || []).length;
            if (v === false) {
              if (value.length > start) out.push({ kind: "items", path: path, schema: schema, instance: value, value: v });
            } else {
              for (var i = start; i < value.length; i++) errors(value[i], v, path.concat([i]), out);
            }
          }
          break;
        case "minItems":
          if (Array.isArray(value) && value.length < v)
            out.push({ kind: "minItems", path: path, schema: schema, instance: value, value: v });
          break;
        case "maxItems":
          if (Array.isArray(value) && value.length > v)
            out.push({ kind: "maxItems", path: path, schema: schema, instance: value, value: v });
          break;
      }
    });
    return out;
  }

  // schema_errors._subschema: the schemas met walking `path` (for titles and cell kinds).
  function subschemas(path, fmt) {
    var chain = [SCHEMA], current = SCHEMA;
    for (var depth = 0; depth < path.length && current; depth++) {
      var part = path[depth], next = null;
      if (current.$ref) current = Object.assign({}, deref(current), current);
      if (typeof part === "string") {
        var props = current.properties || {};
        if (depth === 0 && fmt !== null && part.indexOf("table") === 0)
          (current.allOf || []).forEach(function (b) {
            if (b["if"].properties.format["const"] === fmt) props = b.then.properties;
          });
        if ("else" in current && !("properties" in current)) props = current["else"].properties || {};
        next = props[part] || null;
        if (!next && isDict(current.additionalProperties)) next = current.additionalProperties;
      } else {
        var items = current.prefixItems || (current.then || {}).prefixItems;
        if (items && part >= 0 && part < items.length) next = items[part];
        else if (isDict(current.items)) next = current.items;
      }
      current = next;
      if (current) chain.push(current);
    }
    return chain;
  }
  function labels(path, fmt) {
    if (path.length && String(path[0]).indexOf("table") === 0 && fmt) return tableLabel(fmt, path);
    return subschemas(path, fmt).slice(1).map(function (s) { return s.title; }).filter(Boolean).join(" · ");
  }
  function say(word, values) {
    return SPEC.words[word].replace(/\{([a-z_]+)\}/g, function (m, k) { return String(values[k]); });
  }
  function describe(v) {
    if (v === null) return SPEC.words.blank;
    if (v === true || v === false) return String(v);
    if (isDict(v)) return SPEC.typeNames.object;
    if (Array.isArray(v)) return say("list", { count: v.length });
    if (typeof v === "string") {
      var cps = Array.from(v);
      return say("text", { shown: cps.length <= 30 ? v : cps.slice(0, 30).join("") + "…" });
    }
    if (isNum(v)) return v.whole ? v.text : say("decimal", { value: numText(v) });
    return String(v);
  }
  function shownChoice(c) { return c === null ? "null" : String(c); }

  // schema_errors._explain: each error in the validator's words (same templates).
  function explain(e, fmt) {
    var sch = isDict(e.schema) ? e.schema : {}, inst = e.instance, path = e.path;
    switch (e.kind) {
      case "required":
        return e.value.filter(function (k) { return !(k in inst); })
          .map(function (k) { return [path.concat([k]), say("required", {})]; });
      case "additionalProperties":
        var allowed = Object.keys(sch.properties || {});
        return Object.keys(inst).filter(function (k) { return allowed.indexOf(k) < 0; }).map(function (k) {
          return [path.concat([k]), say("unknown", { key: k, hint: "。", choices: allowed.slice(0, 12).join("、") })];
        });
      case "anyOf":
        if (!("$defs" in sch) && ["数量", "增减数", "金额"].indexOf(sch.title) >= 0)
          return [[path, say("cell", { description: sch.description, actual: describe(inst) })]];
        var chain = subschemas(path, fmt), last = chain.length === path.length + 1 ? chain[chain.length - 1] : null;
        if (last && last.$ref)
          return [[path, say("cell", { description: deref(last).description, actual: describe(inst) })]];
        break;
      case "type":
        var types = typeof e.value === "string" ? [e.value] : e.value;
        var want = types.map(function (t) { return SPEC.typeNames[t] || t; }).join(SPEC.words.type_or);
        var note = types.indexOf("array") >= 0 && isNum(inst) ? SPEC.words.type_row_note : "";
        return [[path, say("type", { want: want, actual: describe(inst), note: note })]];
      case "enum":
      case "const":
        var values = e.kind === "enum" ? e.value : [e.value];
        return [[path, say("choices", { shown: values.map(shownChoice).join("、"), actual: describe(inst) })]];
      case "minItems":
      case "maxItems":
      case "items":
        if ((e.kind === "minItems" || e.kind === "maxItems") && !("prefixItems" in sch))
          return [[path, e.kind === "minItems" ? say("min_items", { limit: e.value, actual: describe(inst) })
                                               : say("max_items", { limit: e.value })]];
        var columns = (sch.prefixItems || []).map(function (s) { return s.title || ""; });
        return [[path, say("row_width", { width: columns.length, columns: columns.join("、"), count: Array.isArray(inst) ? inst.length : 0 })]];
      case "minimum":
        return [[path, say("minimum", { limit: e.value, actual: describe(inst) })]];
      case "maximum":
        return [[path, say("maximum", { limit: e.value, actual: describe(inst) })]];
      case "pattern":
        var desc = sch.description;
        if (!desc) { var c = subschemas(path, fmt); desc = c.length ? c[c.length - 1].description || "" : ""; }
        return [[path, say("pattern", { description: desc, actual: describe(inst) })]];
      case "minLength":
        return [[path, say("min_length", {})]];
      case "maxLength":
        return [[path, say("max_length", { limit: e.value })]];
      case "false":
        return [[path, say("not_here", {})]];
    }
    return [[path, e.kind]];
  }

  /* ------------------------------------------------------------ the checks */

  // The layout a report says it uses (2019 or 2021), else null.
  function formatOf(data) {
    var f = data.format;
    if (isNum(f) && f.whole) f = Number(f.text);
    return f === 2019 || f === 2021 ? f : null;
  }
  function shapeOf(data) {
    var other = getPath(data, ["table3", "outcomes", "other"]);
    var eqs = SPEC.equations[String(formatOf(data))] || {};
    return Array.isArray(other) && eqs.single ? "single" : "grouped";
  }

  // The schema errors and R1–R4 of one report, as `portal validate` lists them: rule, field,
  // labels, message (and, for a rule, every cell of its equation).
  function check(data) {
    var fmt = formatOf(data);
    var out = [], seen = {};
    errors(data, SCHEMA, [], []).forEach(function (e) {
      explain(e, fmt).forEach(function (pm) {
        var field = fieldName(pm[0]), key = field + "\u0000" + pm[1];
        if (seen[key]) return;
        seen[key] = true;
        out.push({ rule: "schema", severity: "error", path: pm[0], field: field, labels: labels(pm[0], fmt), message: pm[1], cells: [] });
      });
    });
    var eqs = (SPEC.equations[String(fmt)] || SPEC.equations["2021"])[shapeOf(data)] || [];
    eqs.forEach(function (eq) {
      var left = eq.left.map(function (p) { return getPath(data, parseField(p)); });
      var right = eq.right.map(function (p) { return getPath(data, parseField(p)); });
      if (!left.concat(right).every(isNum)) return;
      var ls = sum(left), rs = sum(right);
      var diff = ls.b * 10n ** BigInt(Math.max(ls.s, rs.s) - ls.s) - rs.b * 10n ** BigInt(Math.max(ls.s, rs.s) - rs.s);
      if (diff === 0n) return;
      var message = eq.text.replace("{Ls}", sumText(ls)).replace("{Rs}", sumText(rs))
        .replace("{L}", left.map(numText).join(" + ")).replace("{R}", right.map(numText).join(" + "));
      out.push({ rule: eq.rule, severity: "warning", path: parseField(eq.at), field: eq.at, labels: tableLabel(fmt, parseField(eq.at)), message: message, cells: eq.cells });
    });
    return out;
  }

  /* ------------------------------------------------------- writing the file */

  var Y = SPEC.yaml;
  var PLAIN = new RegExp("^(?:" + Y.plain + ")$");
  var ESCAPE = new RegExp(Y.escape, "gu");
  var ESCAPE_ONE = new RegExp(Y.escape, "u");
  function escapeRaw(text) {
    return text.replace(ESCAPE, function (ch) { return "\\u" + ch.codePointAt(0).toString(16).padStart(4, "0"); });
  }
  function scalar(v) {
    if (v === null || v === undefined) return "null";
    if (v === true || v === false) return String(v);
    if (isNum(v)) return numText(v);
    var text = String(v);
    if (PLAIN.test(text) && Y.reserved.indexOf(text) < 0) return text;
    return escapeRaw(JSON.stringify(text));
  }
  function flow(v) {
    if (isDict(v)) return "{" + Object.keys(v).map(function (k) { return scalar(k) + ": " + flow(v[k]); }).join(", ") + "}";
    if (Array.isArray(v)) return "[" + v.map(flow).join(", ") + "]";
    return scalar(v);
  }
  function rstrip(s, ch) { var i = s.length; while (i > 0 && s.charAt(i - 1) === ch) i--; return s.slice(0, i); }
  function strip(s, ch) { var i = 0; while (i < s.length && s.charAt(i) === ch) i++; return rstrip(s.slice(i), ch); }
  function blockSafe(text) {
    var lines = rstrip(text, "\n").split("\n");
    return !(text.charAt(0) === " " || text.charAt(0) === "\n") && text.indexOf("\t") < 0 &&
      text.indexOf("\r") < 0 && !ESCAPE_ONE.test(text) && !/[\u0000-\u0009\u000b-\u001f]/.test(text) &&
      lines.every(function (l) { return l === rstrip(l, " "); });
  }
  function textLines(key, value, indent, comment) {
    var suffix = comment ? "  # " + comment : "";
    if (typeof value === "string" && strip(value, "\n").indexOf("\n") >= 0 && blockSafe(value)) {
      var body = rstrip(value, "\n");
      var chomp = value.slice(-1) === "\n" && value.slice(-2) !== "\n\n" ? "|" : "|-";
      if (value.slice(-2) === "\n\n") return [indent + key + ": " + scalar(value) + suffix];
      return [indent + key + ": " + chomp + suffix].concat(
        body.split("\n").map(function (l) { return l ? indent + "  " + l : ""; }));
    }
    return [indent + key + ": " + scalar(value) + suffix];
  }
  function fits(node, v) {
    if (node.kind === "row" || node.kind === "scalar" || node.kind === "enum") return !isDict(v);
    if (node.kind === "group" && Array.isArray(v)) return true;
    if (!isDict(v)) return v === null || v === undefined;
    var children = {};
    node.children.forEach(function (c) { children[c.key] = c; });
    return Object.keys(v).every(function (k) { return k in children && fits(children[k], v[k]); }) &&
      Object.keys(children).every(function (k) { return k in v; });
  }
  function columnNote(table) {
    var first = null;
    table.children.forEach(function (c) { if (!first && (c.kind === "row" || c.kind === "group")) first = c; });
    while (first && first.kind === "group") first = first.children[0];
    if (table.key === "table2" || !first || first.kind !== "row") return "每行方括号里依次是各列的数（列名见行末）；单个数字的行只有一列";
    return "每行依次为：" + first.columns.map(function (c) { return c.label; }).join("、");
  }
  function nodeLines(node, v, indent, ownColumns) {
    if (node.kind === "row" || node.kind === "scalar" || node.kind === "enum" || (node.kind === "group" && Array.isArray(v))) {
      var label = node.label;
      if (ownColumns && node.kind === "row" && node.columns.length > 1)
        label += "（依次为：" + node.columns.map(function (c) { return c.label; }).join("、") + "）";
      return [indent + node.key + ": " + flow(v === undefined ? null : v) + "  # " + label];
    }
    var lines = [indent + node.key + ":  # " + node.label];
    if (node.kind === "table") {
      var note = columnNote(node);
      if (note) lines.push(indent + "  # " + note);
      ownColumns = node.key === "table2";
    }
    var value = isDict(v) ? v : {};
    node.children.forEach(function (c) { lines = lines.concat(nodeLines(c, value[c.key], indent + "  ", ownColumns)); });
    return lines;
  }
  function generic(key, value, indent, prop) {
    var title = prop.title || "", note = title ? "  # " + title : "";
    if (isDict(value)) {
      var keys = Object.keys(value);
      if (!keys.length) return [indent + key + ": {}" + note];
      var sub = prop.properties || {}, lines = [indent + key + ":" + note];
      keys.forEach(function (k) { lines = lines.concat(generic(k, value[k], indent + "  ", sub[k] || {})); });
      return lines;
    }
    if (Array.isArray(value)) {
      if (!value.length || !value.some(isDict)) return [indent + key + ": " + flow(value) + note];
      var out = [indent + key + ":" + note], itemProp = isDict(prop.items) ? prop.items : {};
      value.forEach(function (item) { out = out.concat(itemLines(item, indent + "  ", itemProp)); });
      return out;
    }
    return textLines(key, value, indent, title);
  }
  function itemLines(item, indent, prop) {
    if (isDict(item) && Object.keys(item).length) {
      var sub = prop.properties || {}, lines = [];
      Object.keys(item).forEach(function (k) { lines = lines.concat(generic(k, item[k], indent + "  ", sub[k] || {})); });
      lines[0] = indent + "- " + lines[0].slice(indent.length + 2);
      return lines;
    }
    if (isDict(item) || Array.isArray(item)) return [indent + "- " + flow(item)];
    var t = textLines("x", item, "", "");
    return t.length === 1 ? [indent + "- " + t[0].slice(3)] : [indent + "- " + scalar(item)];
  }
  // content/yamlwrite.dump_report, with the file's own header comments when it had them.
  function dump(data, header) {
    var props = SCHEMA.properties, fmt = formatOf(data);
    var tables = {};
    tablesOf(fmt === null ? 2021 : fmt).forEach(function (t) { tables[t.key] = t; });
    var lines = (header || Y.header).slice();
    var order = Object.keys(props).filter(function (k) { return k in data; })
      .concat(Object.keys(data).filter(function (k) { return !(k in props); }));
    order.forEach(function (key) {
      var prop = props[key] || {}, value = data[key];
      if (key in tables && key in props && fits(tables[key], value)) {
        lines.push("");
        lines = lines.concat(nodeLines(tables[key], value, "", false));
      } else {
        lines = lines.concat(generic(key, value, "", prop));
      }
    });
    return lines.join("\n") + "\n";
  }

  /* ------------------------------------------------------- reading the file */

  // Reads the YAML `portal new`, the importer and this form write (and the site's downloads):
  // mappings by indentation, flow lists, quoted and plain words, numbers, literal blocks,
  // comments. Anything else is refused with its line, never guessed: `portal validate` reads
  // every YAML and says what is wrong.
  function ReadError(line, message) { this.line = line; this.message = message; }
  function read(text) {
    if (text.length > MAX_BYTES) throw new ReadError(0, "文件太大；一份年度报告通常不到 100 KB，请检查是否选错了文件");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.indexOf("\u0000") >= 0) throw new ReadError(0, "这不是文本文件");
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    var header = [], i = 0;
    while (i < lines.length && (lines[i].charAt(0) === "#" || lines[i] === "")) header.push(lines[i++]);
    while (header.length && header[header.length - 1] === "") header.pop();
    var pos = { i: i };
    var value = mapping(lines, pos, 0);
    skip(lines, pos);
    if (pos.i < lines.length) throw new ReadError(pos.i + 1, "这一行的缩进或写法不是本表单能读的格式");
    if (!isDict(value)) throw new ReadError(1, "文件里没有报告的内容");
    return { data: value, header: header };
  }
  function indentOf(line) { var n = 0; while (line.charAt(n) === " ") n++; return n; }
  function significant(line) { var t = line.trim(); return t !== "" && t.charAt(0) !== "#"; }
  function skip(lines, pos) { while (pos.i < lines.length && !significant(lines[pos.i])) pos.i++; }
  var KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
  var MAX_INDENT = 40, MAX_DEPTH = 32; // as content/yamlread: no report nests deeper
  function mapping(lines, pos, indent) {
    var out = {};
    if (indent > MAX_INDENT) throw new ReadError(pos.i + 1, "缩进太深");
    for (;;) {
      skip(lines, pos);
      if (pos.i >= lines.length) return out;
      var line = lines[pos.i], n = indentOf(line);
      if (n < indent) return out;
      if (n > indent) throw new ReadError(pos.i + 1, "缩进不对");
      var m = KEY.exec(line.slice(n));
      if (!m) throw new ReadError(pos.i + 1, "这一行应是“名称: 值”");
      var key = m[1];
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new ReadError(pos.i + 1, "“" + key + "”写了两次");
      out[key] = valueAfterKey(lines, pos, indent, (m[2] || "").replace(/^ +/, ""));
    }
  }
  function valueAfterKey(lines, pos, indent, rest) {
    var at = pos.i + 1;
    if (rest === "" || rest.charAt(0) === "#") {
      pos.i++;
      skip(lines, pos);
      if (pos.i < lines.length && indentOf(lines[pos.i]) > indent) {
        var n = indentOf(lines[pos.i]);
        if (lines[pos.i].slice(n, n + 2) === "- ") return blockList(lines, pos, n);
        return mapping(lines, pos, n);
      }
      return null;
    }
    if (/^\|-?(?: +#.*)?$/.test(rest)) return block(lines, pos, indent, rest.charAt(1) === "-");
    var r = inline(rest, 0, at);
    if (!/^(?: +#.*)?$/.test(rest.slice(r.end))) throw new ReadError(at, "值后面有多余的内容");
    pos.i++;
    return r.value;
  }
  function block(lines, pos, indent, strip) {
    var out = [], inner = indent + 2;
    pos.i++;
    while (pos.i < lines.length) {
      var line = lines[pos.i];
      if (line.trim() === "") { out.push(""); pos.i++; continue; }
      if (indentOf(line) < inner) break;
      out.push(line.slice(inner));
      pos.i++;
    }
    while (out.length && out[out.length - 1] === "") { out.pop(); }
    return out.join("\n") + (strip ? "" : "\n");
  }
  function blockList(lines, pos, indent) {
    var out = [];
    for (;;) {
      skip(lines, pos);
      if (pos.i >= lines.length) return out;
      var line = lines[pos.i];
      if (indentOf(line) !== indent || line.slice(indent, indent + 2) !== "- ") return out;
      var rest = line.slice(indent + 2);
      if (KEY.test(rest)) {
        lines[pos.i] = " ".repeat(indent + 2) + rest; // the item's first key, in its column
        out.push(mapping(lines, pos, indent + 2));
      } else {
        var r = inline(rest, 0, pos.i + 1);
        if (!/^(?: +#.*)?$/.test(rest.slice(r.end))) throw new ReadError(pos.i + 1, "值后面有多余的内容");
        out.push(r.value);
        pos.i++;
      }
    }
  }
  var RESERVED_PLAIN = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|no|on|off|y|n)$/i;
  // One value written on a line (a scalar, or a flow list / mapping), from `start`.
  function inline(text, start, line, depth) {
    depth = depth || 0;
    if (depth > MAX_DEPTH) throw new ReadError(line, "括号套得太深");
    var c = text.charAt(start);
    if (c === '"') {
      var j = start + 1;
      while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === "\\" ? 2 : 1;
      if (j >= text.length) throw new ReadError(line, "引号没有闭合");
      var raw = text.slice(start, j + 1);
      try {
        return { value: JSON.parse(raw), end: j + 1 };
      } catch (e) {
        throw new ReadError(line, "引号里的写法本表单读不了");
      }
    }
    if (c === "[" || c === "{") {
      var close = c === "[" ? "]" : "}", list = [], dict = {}, k = start + 1;
      while (text.charAt(k) === " ") k++;
      if (text.charAt(k) === close) return { value: c === "[" ? list : dict, end: k + 1 };
      for (;;) {
        if (c === "{") {
          var km = /^([A-Za-z_][A-Za-z0-9_]*): /.exec(text.slice(k));
          if (!km) throw new ReadError(line, "花括号里的写法本表单读不了");
          k += km[0].length;
        }
        var item = inline(text, k, line, depth + 1);
        if (c === "[") list.push(item.value); else dict[km[1]] = item.value;
        k = item.end;
        while (text.charAt(k) === " ") k++;
        if (text.charAt(k) === ",") { k++; while (text.charAt(k) === " ") k++; continue; }
        if (text.charAt(k) === close) return { value: c === "[" ? list : dict, end: k + 1 };
        throw new ReadError(line, "方括号里的写法本表单读不了");
      }
    }
    var m = /^[^,\]\}#]*?(?=\s+#|\s*$|\s*[,\]\}])/.exec(text.slice(start));
    var word = m ? m[0] : "";
    if (!word) throw new ReadError(line, "缺少值");
    var end = start + word.length;
    if (word === "null" || word === "~") return { value: null, end: end };
    if (word === "true" || word === "false") return { value: word === "true", end: end };
    if (INT.test(word) || DEC.test(word)) return { value: new Num(word, INT.test(word)), end: end };
    if (PLAIN.test(word) && !RESERVED_PLAIN.test(word)) return { value: word, end: end };
    throw new ReadError(line, "“" + word + "”要加引号，本表单才能确定它的意思");
  }

  /* ------------------------------------------------------------- the page */

  var status = document.getElementById("pt-form-status");
  var problemsBox = document.getElementById("pt-form-problems");
  var formatSelect = root.querySelector('[data-path="format"]');
  var yearInput = root.querySelector('[data-path="year"]');
  var unknownList = document.getElementById("pt-form-unknown-list");
  var base = null; // the report opened (kept for its order and fields), or null for a new one
  var header = null; // the opened file's own leading comments
  var formatTouched = false;

  function blank(fmt, shape) { return revive(SPEC.blank[String(fmt)][shape] || SPEC.blank[String(fmt)].grouped); }
  function currentFormat() { return Number(formatSelect.value); }
  function section(fmt) { return root.querySelector('[data-pt-layout="' + fmt + '"]'); }
  function currentShape() {
    var toggle = section(currentFormat()).querySelector("[data-shape-toggle]");
    return toggle && toggle.checked ? "single" : "grouped";
  }
  function cellInputs(fmt, shape) {
    return Array.prototype.filter.call(section(fmt).querySelectorAll("input.pt-cell"), function (input) {
      var tr = input.closest("tr"), s = tr && tr.getAttribute("data-pt-shape");
      return !s || s === shape;
    });
  }
  function fieldInputs() {
    return Array.prototype.filter.call(root.querySelectorAll("#pt-form-fields [data-path]"), function (el) {
      return !el.closest("[data-pt-layout]") || el.closest("[data-pt-layout]") === section(currentFormat());
    }).filter(function (el) { return !el.classList.contains("pt-cell"); });
  }

  // What a clerk types into a cell → the value the file holds (blank → null; "/" stays "/";
  // full-width digits and ／ as typed on a Chinese keyboard are read as digits and /).
  function cellValue(text) {
    var t = text.normalize("NFKC").trim();
    if (t === "") return null;
    if (t === "/") return "/";
    if (t === "?" ) return null;
    if (/^-?[0-9]{1,3}(,[0-9]{3})+$/.test(t)) t = t.replace(/,/g, "");
    if (/^-?[0-9]+$/.test(t)) return new Num(BigInt(t).toString(), true);
    if (/^-?[0-9]+\.[0-9]+$/.test(t)) return new Num(t.replace(/^(-?)0+(?=[0-9])/, "$1"), false);
    return text.trim();
  }
  function cellText(v) {
    if (v === null || v === undefined) return "";
    if (isNum(v)) return v.text;
    return String(v);
  }
  function fieldValue(el) {
    var path = el.getAttribute("data-path"), v = el.value;
    if (v === "" && el._loaded === "") return ""; // an empty text opened stays empty text
    if (path === "format") return new Num(v, true);
    if (path === "year") {
      var t = v.normalize("NFKC").trim();
      if (t === "") return null;
      return /^-?[0-9]+$/.test(t) ? new Num(BigInt(t).toString(), true) : v;
    }
    if (el.tagName === "SELECT" && v === "") return null;
    return v === "" ? null : v;
  }

  function unknownEntries() {
    return Array.prototype.map.call(unknownList.children, function (li) {
      var path = li.getAttribute("data-path"), reason = li.querySelector("[data-unknown-reason]").value;
      // The opened file's order of the two keys (fill() lets an entry have no others).
      return li._reasonFirst ? { reason: reason, path: path } : { path: path, reason: reason };
    });
  }
  function addUnknown(entry) {
    var li = document.createElement("li"), path = typeof entry.path === "string" ? entry.path : "";
    li.setAttribute("data-path", path);
    var keys = Object.keys(entry);
    li._reasonFirst = keys.length === 2 && keys[0] === "reason";
    var id = "pt-unknown-" + (addUnknown.n = (addUnknown.n || 0) + 1);
    var where = tableLabel(currentFormat(), parseField(path)) || path;
    li.innerHTML = '<span class="pt-form-unknown-where"></span> <label for="' + id + '">原因</label> ' +
      '<input id="' + id + '" data-unknown-reason autocomplete="off"> <button type="button" class="md-button pt-form-small">删除</button>';
    li.querySelector(".pt-form-unknown-where").textContent = where + "（" + path + "）";
    li.querySelector("input").value = typeof entry.reason === "string" ? entry.reason : "";
    li.querySelector("button").addEventListener("click", function () { li.remove(); changed(); });
    // Digits run together over a row, or a group, or a whole table, are unreadable as a whole:
    // one entry can cover the cell, its row, its groups or its table.
    var first = path;
    cellInputs(currentFormat(), currentShape()).some(function (input) {
      var p = input.getAttribute("data-path");
      if (covers(path, p)) { first = p; return true; }
      return false;
    });
    var scopes = prefixes(first);
    if (scopes.length > 1 && scopes.indexOf(path) >= 0) {
      var sid = id + "-scope", box = document.createElement("span");
      box.innerHTML = '<label for="' + sid + '">范围</label> <select id="' + sid + '" data-unknown-scope></select>';
      var select = box.querySelector("select");
      scopes.forEach(function (p, i) {
        var option = document.createElement("option"), labels = find(currentFormat(), parseField(p));
        option.value = p;
        option.textContent = i === 0 ? "只这一格" : i === scopes.length - 1 ? "整张表" :
          (/\[[0-9]+\]$/.test(first) && i === 1 ? "整行：" : "整组：") + labels[labels.length - 1];
        select.appendChild(option);
      });
      select.value = path;
      li._origin = first;
      select.addEventListener("change", function () { widen(li, select.value); });
      li.insertBefore(box, li.querySelector("button"));
    }
    unknownList.appendChild(li);
    return li;
  }
  // A cell path and every path above it, down to the table (table3.outcomes.unable.x[0] →
  // …unable.x, …unable, table3.outcomes, table3).
  function prefixes(path) {
    var out = [path], m;
    while ((m = /^(.*)(\[[0-9]+\]|\.[a-z_0-9]+)$/.exec(out[out.length - 1]))) out.push(m[1]);
    return out;
  }
  function covers(entry, cell) {
    return cell === entry || cell.indexOf(entry + "[") === 0 || cell.indexOf(entry + ".") === 0;
  }
  function widen(li, path) {
    li.setAttribute("data-path", path);
    li.querySelector(".pt-form-unknown-where").textContent =
      (tableLabel(currentFormat(), parseField(path)) || path) + "（" + path + "）";
    Array.prototype.slice.call(unknownList.children).forEach(function (other) {
      if (other !== li && covers(path, other.getAttribute("data-path"))) other.remove();
    });
    cellInputs(currentFormat(), currentShape()).forEach(function (input) {
      var p = input.getAttribute("data-path");
      if (covers(path, p)) input.value = "?";
      else if (p !== li._origin && input.value === "?" && !unknownCovers(p)) input.value = "";
    });
    changed();
  }
  function unknownCovers(path) {
    return Array.prototype.some.call(unknownList.children, function (li) {
      return covers(li.getAttribute("data-path"), path);
    });
  }

  // The report as it stands: the opened file (its order, its other fields) with every input.
  function collect() {
    var fmt = currentFormat(), shape = currentShape();
    var data = base ? clone(base) : blank(fmt, shape);
    fieldInputs().forEach(function (el) {
      var path = parseField(el.getAttribute("data-path")), v = fieldValue(el);
      if (path[0].indexOf("table") === 0) return;
      if (v === null && getPath(data, path) === undefined) return; // absent stays absent
      setPath(data, path, v);
    });
    var tables = blank(fmt, shape);
    ["table2", "table3", "table4"].forEach(function (k) { data[k] = tables[k]; });
    cellInputs(fmt, shape).forEach(function (input) {
      setPath(data, parseField(input.getAttribute("data-path")), cellValue(input.value));
    });
    section(fmt).querySelectorAll("select[data-path]").forEach(function (el) {
      setPath(data, parseField(el.getAttribute("data-path")), el.value === "" ? null : el.value);
    });
    var entries = unknownEntries();
    if (!isDict(data.provenance)) data.provenance = {};
    if (entries.length || "unknown_cells" in data.provenance) data.provenance.unknown_cells = entries;
    return data;
  }

  // Put a report into the inputs (after checking the form can hold all of it).
  function fill(data, fileHeader) {
    var fmt = formatOf(data);
    if (fmt === null) throw new ReadError(0, "表格格式（format）只能是 2019 或 2021，本表单才能显示表格");
    var props = SCHEMA.properties, tables = {};
    tablesOf(fmt).forEach(function (t) { tables[t.key] = t; });
    Object.keys(data).forEach(function (k) {
      if (!(k in props)) throw new ReadError(0, "文件里有表单不认识的字段“" + k + "”；请先用 portal validate 检查");
      if (k in tables && !fits(tables[k], data[k])) throw new ReadError(0, "“" + k + "”的行和官方表格对不上；请先用 portal validate 检查");
      var sub = props[k].properties;
      if (sub && isDict(data[k])) Object.keys(data[k]).forEach(function (s) {
        if (!(s in sub)) throw new ReadError(0, "文件里有表单不认识的字段“" + k + "." + s + "”；请先用 portal validate 检查");
      });
    });
    root.querySelectorAll('#pt-form-fields input[data-path]:not(.pt-cell)').forEach(function (el) {
      var v = getPath(data, parseField(el.getAttribute("data-path")));
      if (typeof v === "string" && /[\r\n]/.test(v))
        throw new ReadError(0, "“" + el.getAttribute("data-path") + "”里有换行，本表单的这一栏放不下；请先用 portal validate 检查");
    });
    var entries = getPath(data, ["provenance", "unknown_cells"]);
    (Array.isArray(entries) ? entries : []).forEach(function (e) {
      if (!isDict(e) || Object.keys(e).some(function (k) { return k !== "path" && k !== "reason"; }))
        throw new ReadError(0, "“无法识读的单元格”里每一项只能有 path 和 reason；请先用 portal validate 检查");
    });
    base = data;
    header = fileHeader || null;
    formatSelect.value = String(fmt);
    formatTouched = true;
    showLayout();
    var shape = shapeOf(data);
    var toggle = section(fmt).querySelector("[data-shape-toggle]");
    if (toggle) { toggle.checked = shape === "single"; showShape(); }
    root.querySelectorAll("#pt-form-fields [data-path]").forEach(function (el) {
      var path = parseField(el.getAttribute("data-path"));
      if (el.closest("[data-pt-layout]") && el.closest("[data-pt-layout]") !== section(fmt)) { el.value = ""; return; }
      if (path[0] === "format") return;
      var v = getPath(data, path);
      el._loaded = v;
      if (el.tagName === "SELECT") {
        var want = v === null || v === undefined ? "" : cellText(v);
        if (want !== "" && !el.querySelector('option[value="' + CSS.escape(want) + '"]')) {
          // A value the official choices do not have stays as written, so it is checked
          // (and shown) as it is, not silently replaced.
          var option = document.createElement("option");
          option.value = option.textContent = want;
          el.appendChild(option);
        }
        el.value = want === "" && !el.querySelector('option[value=""]') ? el.options[0].value : want;
      } else {
        el.value = cellText(v);
      }
    });
    unknownList.innerHTML = "";
    var cells = getPath(data, ["provenance", "unknown_cells"]);
    if (Array.isArray(cells)) cells.forEach(function (e) { addUnknown(isDict(e) ? e : {}); });
    cellInputs(fmt, shape).forEach(function (input) {
      var name = input.getAttribute("data-path");
      if (input.value === "" && unknownCovers(name)) input.value = "?";
    });
    changed();
  }

  function reset() {
    base = null;
    header = null;
    root.querySelectorAll("#pt-form-fields [data-path]").forEach(function (el) {
      if (el.getAttribute("data-path") === "format") return;
      el._loaded = undefined;
      if (el.tagName === "SELECT") el.value = el.querySelector('option[value=""]') ? "" : el.options[0].value;
      else el.value = "";
    });
    root.querySelectorAll("[data-shape-toggle]").forEach(function (t) { t.checked = false; });
    showShape();
    unknownList.innerHTML = "";
    formatTouched = false;
    changed();
  }

  function showLayout() {
    var fmt = currentFormat();
    root.querySelectorAll("[data-pt-layout]").forEach(function (s) { s.hidden = s.getAttribute("data-pt-layout") !== String(fmt); });
  }
  function showShape() {
    root.querySelectorAll("[data-pt-layout]").forEach(function (s) {
      var toggle = s.querySelector("[data-shape-toggle]"), single = toggle && toggle.checked;
      s.querySelectorAll("tr[data-pt-shape]").forEach(function (tr) {
        tr.hidden = tr.getAttribute("data-pt-shape") !== (single ? "single" : "grouped");
      });
    });
  }

  /* ----------------------------------------------------- showing the checks */

  function inputFor(field) {
    var fmt = currentFormat();
    var unknown = /^provenance\.unknown_cells\[([0-9]+)\]/.exec(field);
    if (unknown) {
      var li = unknownList.children[Number(unknown[1])];
      return li ? li.querySelector("input") : null;
    }
    var within = section(fmt).querySelector('[data-path="' + field + '"]');
    if (within && !(within.closest("tr") && within.closest("tr").hidden)) return within;
    return root.querySelector('#pt-form-fields > fieldset:not(.pt-form-tables) [data-path="' + field + '"]');
  }
  function clearMarks() {
    root.querySelectorAll(".pt-form-msg").forEach(function (m) { m.remove(); });
    root.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    root.querySelectorAll(".pt-bad, .pt-form-bad").forEach(function (el) { el.classList.remove("pt-bad", "pt-form-bad"); });
  }
  function mark(el, finding, n) {
    var msg = document.createElement("span");
    msg.className = "pt-form-msg pt-form-" + finding.severity;
    msg.id = "pt-form-msg-" + n;
    msg.textContent = finding.message; // a rule's message starts with its id (R2 …), as printed by the validator
    el.insertAdjacentElement("afterend", msg);
    el.setAttribute("aria-invalid", "true");
    el.setAttribute("aria-describedby", msg.id);
  }
  function show(findings) {
    clearMarks();
    var errorsN = 0, warningsN = 0, list = document.createElement("ul");
    findings.forEach(function (f, n) {
      if (f.severity === "error") errorsN++; else warningsN++;
      var el = inputFor(f.field);
      (f.cells || []).forEach(function (c) {
        var cell = inputFor(c);
        if (cell) cell.closest("td").classList.add("pt-bad");
      });
      if (el) {
        if (el.closest("td")) el.closest("td").classList.add(f.severity === "error" ? "pt-form-bad" : "pt-bad");
        mark(el, f, n);
      }
      var li = document.createElement("li");
      li.className = "pt-form-" + f.severity;
      var where = document.createElement(el ? "a" : "span");
      if (el) {
        if (!el.id) el.id = "pt-form-in-" + f.field.replace(/[^A-Za-z0-9_]/g, "-");
        where.href = "#" + el.id;
      }
      where.textContent = f.labels ? f.labels + "（" + f.field + "）" : f.field || "整个文件";
      li.appendChild(where);
      li.appendChild(document.createTextNode("：" + f.message));
      list.appendChild(li);
    });
    problemsBox.innerHTML = "";
    var p = document.createElement("p");
    p.textContent = !findings.length ? "没有发现问题：格式完整，表格的勾稽关系 R1–R4 都成立（或因空白无从核对）。"
      : (errorsN ? errorsN + " 处错误（必须改正，网站才能发布）" : "没有错误") +
        (warningsN ? "；" + warningsN + " 处数字对不上（照原表如此的，照录即可，网站会标出）" : "") + "。";
    problemsBox.appendChild(p);
    if (findings.length) problemsBox.appendChild(list);
  }

  var timer = null;
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(function () { show(check(collect())); }, 120);
  }
  function checkNow() { clearTimeout(timer); var f = check(collect()); show(f); return f; }

  /* ------------------------------------------------------------- actions */

  function say_(text) { status.textContent = text; }
  function openText(text, from) {
    try {
      var r = read(text);
      fill(r.data, r.header);
      say_("已打开" + from + "。修改后请保存。");
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      say_("无法打开" + from + "：" + (e.line ? "第 " + e.line + " 行：" : "") + e.message);
    }
  }
  function filename() {
    var year = fieldValue(yearInput);
    return (isNum(year) ? year.text : "年度") + ".yaml";
  }
  function save() {
    var data = collect(), findings = checkNow();
    var text = dump(data, header);
    var blob = new Blob([text], { type: "text/yaml;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename();
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    var body = typeof data.body === "string" && data.body ? data.body : "<机关编号>";
    var errorsN = findings.filter(function (f) { return f.severity === "error"; }).length;
    document.getElementById("pt-form-saved").textContent =
      "已保存为 " + a.download + "。把它上传到仓库的 content/bodies/" + body + "/ 文件夹（同名文件会被替换）。" +
      (errorsN ? "注意：还有 " + errorsN + " 处错误，改正之前网站的检查不会通过。" : "");
    return text;
  }

  // The portal's bodies, from the page's own list: [id, name, years].
  var BODIES = Array.prototype.map.call(document.querySelectorAll("#pt-form-bodies option"), function (o) {
    return [o.value, o.getAttribute("data-name"), o.getAttribute("data-years").split(" ").map(Number)];
  });
  function openFromSite(bodyText, yearText) {
    var wanted = bodyText.trim(), body = null;
    BODIES.forEach(function (b) { if (b[0] === wanted || b[1] === wanted) body = b; });
    var year = Number(yearText.normalize("NFKC").trim());
    if (!body) { say_("本站没有编号或名称为“" + wanted + "”的机关。"); return Promise.resolve(); }
    if (body[2].indexOf(year) < 0) { say_(body[1] + "在本站有这些年度的报告：" + body[2].join("、") + "。"); return Promise.resolve(); }
    var url = root.getAttribute("data-reports") + "/" + body[0] + "/" + year + ".yaml";
    say_("正在打开……");
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (text) { openText(text, "本站的 " + body[1] + " " + year + " 年度报告"); },
      function () { say_("没能取得这份报告（网络或网站出错），请稍后再试。"); });
  }

  root.addEventListener("input", function (e) {
    var t = e.target;
    if (t.classList && t.classList.contains("pt-cell")) {
      var path = t.getAttribute("data-path"), v = t.value.normalize("NFKC").trim();
      var own = Array.prototype.filter.call(unknownList.children, function (li) { return li.getAttribute("data-path") === path; });
      if (v === "?" && !unknownCovers(path)) addUnknown({ path: path, reason: "" });
      else if (v !== "?" && own.length) own.forEach(function (li) { li.remove(); });
    }
    if (t.closest("#pt-form-fields") || t.hasAttribute("data-unknown-reason")) changed();
  });
  root.addEventListener("change", function (e) {
    var t = e.target;
    if (t === formatSelect) { formatTouched = true; showLayout(); }
    if (t.hasAttribute && t.hasAttribute("data-shape-toggle")) showShape();
    if (t === yearInput && !formatTouched && base === null) {
      var y = fieldValue(yearInput);
      if (isNum(y)) { formatSelect.value = Number(y.text) <= 2020 ? "2019" : "2021"; showLayout(); }
    }
    changed();
  });
  document.getElementById("pt-form-new").addEventListener("click", function () { reset(); say_("已新建空白报告。"); });
  document.getElementById("pt-form-save").addEventListener("click", save);
  document.getElementById("pt-form-open-site").addEventListener("click", function () {
    openFromSite(document.getElementById("pt-form-open-body").value, document.getElementById("pt-form-open-year").value);
  });
  document.getElementById("pt-form-file").addEventListener("change", function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) return;
    if (file.size > MAX_BYTES) { say_("文件太大；一份年度报告通常不到 100 KB，请检查是否选错了文件。"); return; }
    file.text().then(function (text) { openText(text, "文件 " + file.name); });
  });

  window.portalForm = {
    read: function (text) { return read(text); },
    dump: dump, check: check, collect: collect, fill: fill, revive: revive, save: save,
    checkNow: checkNow, openText: openText, numText: numText, isNum: isNum
  };
  var params = new URLSearchParams(location.search);
  formatSelect.value = "2021";
  showLayout();
  showShape();
  if (params.get("body") && params.get("year")) {
    document.getElementById("pt-form-open-body").value = params.get("body");
    document.getElementById("pt-form-open-year").value = params.get("year");
    openFromSite(params.get("body"), params.get("year"));
  } else {
    say_("可以开始填写。");
    changed();
  }
})();
