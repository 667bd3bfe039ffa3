/* generator.load._libyaml: compose a YAML document with libyaml straight into gongkai's node tuples.
 *
 * PyYAML's own libyaml binding builds a Python node, two Mark objects and a resolver call for every
 * scalar; for a filing of ~3,000 nodes that is most of the time `gongkai check` spends outside our own
 * code. This module walks libyaml's event stream and builds only what the loader reads: for each node one
 * tuple of the classes it is given (Scalar(value, span, style), Sequence(items, span), Mapping(pairs,
 * span)), where span is Span(file, line, column, end_line, end_column), 1-based, the end just after the
 * node's last character (libyaml's end mark).
 *
 * It accepts only the plain case and answers None for anything the careful PyYAML path must report with
 * its own message: syntax errors, aliases and anchors, explicit tags, several documents, text that is not
 * valid UTF-8 once unescaped (a lone surrogate), nesting deeper than `max_depth`. It never raises for
 * bad content.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

typedef struct {
    PyTypeObject *span, *scalar, *sequence, *mapping;
    PyObject *file;
} NodeTypes;

typedef struct {
    PyObject *items; /* list of nodes, or of (key, value) pairs */
    PyObject *key;   /* a mapping's pending key, or NULL */
    PyObject *node;  /* the collection's node (borrowed: its parent or the root holds it); its span is set at the end */
    yaml_mark_t start;
    int mapping;
} Frame;

static PyObject *STYLES[6]; /* "" plain, "'", "\"", "|", ">" by libyaml style */

static PyObject *node_new(PyTypeObject *type, Py_ssize_t size) {
    /* The classes are tuple subclasses without extra fields (typing.NamedTuple): allocate as
       tuple.__new__ does for a subtype, then fill the items. */
    return type->tp_alloc(type, size);
}

/* Span(file, line, column, end_line, end_column), 1-based, for libyaml's start and end marks. */
static PyObject *span_new(const NodeTypes *types, yaml_mark_t mark, yaml_mark_t end) {
    PyObject *span = node_new(types->span, 5);
    if (span == NULL)
        return NULL;
    Py_INCREF(types->file);
    PyTuple_SET_ITEM(span, 0, types->file);
    size_t numbers[4] = {mark.line + 1, mark.column + 1, end.line + 1, end.column + 1};
    for (int i = 0; i < 4; i++) {
        PyObject *number = PyLong_FromSize_t(numbers[i]);
        if (number == NULL) {
            Py_DECREF(span); /* the unset items are NULL, which tuple deallocation skips */
            return NULL;
        }
        PyTuple_SET_ITEM(span, i + 1, number);
    }
    return span;
}

/* A node (value, span[, style]) of `type`; steals `value`. A collection's span (`end` NULL) is None until its
   end event sets it (see set_span). */
static PyObject *node_at(const NodeTypes *types, PyTypeObject *type, PyObject *value, yaml_mark_t mark,
                         const yaml_mark_t *end, PyObject *style) {
    PyObject *node = node_new(type, style ? 3 : 2), *span = NULL;
    if (node != NULL) {
        span = end ? span_new(types, mark, *end) : Py_None;
        if (end == NULL)
            Py_INCREF(Py_None);
    }
    if (span == NULL) {
        Py_XDECREF(node);
        Py_DECREF(value);
        return NULL;
    }
    PyTuple_SET_ITEM(node, 0, value);
    PyTuple_SET_ITEM(node, 1, span);
    if (style) {
        Py_INCREF(style);
        PyTuple_SET_ITEM(node, 2, style);
    }
    return node;
}

/* Add a finished node to the frame on top of the stack; steals `node`. 0 on success. */
static int attach(Frame *top, PyObject *node, PyObject **root) {
    if (top == NULL) {
        *root = node;
        return 0;
    }
    if (!top->mapping) {
        int rc = PyList_Append(top->items, node);
        Py_DECREF(node);
        return rc;
    }
    if (top->key == NULL) {
        top->key = node;
        return 0;
    }
    PyObject *pair = PyTuple_New(2);
    if (pair == NULL) {
        Py_DECREF(node);
        return -1;
    }
    PyTuple_SET_ITEM(pair, 0, top->key);
    PyTuple_SET_ITEM(pair, 1, node);
    top->key = NULL;
    int rc = PyList_Append(top->items, pair);
    Py_DECREF(pair);
    return rc;
}

static PyObject *style_of(yaml_scalar_style_t style) {
    switch (style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return STYLES[1];
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return STYLES[2];
    case YAML_LITERAL_SCALAR_STYLE: return STYLES[3];
    case YAML_FOLDED_SCALAR_STYLE: return STYLES[4];
    default: return STYLES[0];
    }
}

static PyObject *compose(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_buffer data;
    NodeTypes types;
    Py_ssize_t max_depth;
    if (!PyArg_ParseTuple(args, "y*UO!O!O!O!n", &data, &types.file, &PyType_Type, &types.span, &PyType_Type,
                          &types.scalar, &PyType_Type, &types.sequence, &PyType_Type, &types.mapping, &max_depth))
        return NULL;
    if (!PyType_IsSubtype(types.span, &PyTuple_Type) || !PyType_IsSubtype(types.scalar, &PyTuple_Type) ||
        !PyType_IsSubtype(types.sequence, &PyTuple_Type) || !PyType_IsSubtype(types.mapping, &PyTuple_Type)) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_TypeError, "node classes must be tuple subclasses");
        return NULL;
    }
    Frame *stack = PyMem_Calloc((size_t)max_depth + 1, sizeof(Frame));
    if (stack == NULL) {
        PyBuffer_Release(&data);
        return PyErr_NoMemory();
    }
    yaml_parser_t parser;
    yaml_event_t event;
    Py_ssize_t depth = 0;
    int documents = 0, done = 0, refused = 0, failed = 0;
    PyObject *root = NULL;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data.buf, (size_t)data.len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    while (!done && !refused && !failed) {
        if (!yaml_parser_parse(&parser, &event)) {
            refused = 1;
            break;
        }
        Frame *top = depth ? &stack[depth - 1] : NULL;
        switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
            refused = ++documents > 1;
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_ALIAS_EVENT:
            refused = 1;
            break;
        case YAML_SCALAR_EVENT: {
            if (event.data.scalar.anchor || (event.data.scalar.tag && !event.data.scalar.plain_implicit &&
                                             !event.data.scalar.quoted_implicit)) {
                refused = 1;
                break;
            }
            PyObject *value = PyUnicode_DecodeUTF8((const char *)event.data.scalar.value,
                                                   (Py_ssize_t)event.data.scalar.length, "strict");
            if (value == NULL) {
                PyErr_Clear();
                refused = 1;
                break;
            }
            PyObject *node = node_at(&types, types.scalar, value, event.start_mark, &event.end_mark,
                                     style_of(event.data.scalar.style));
            failed = node == NULL || attach(top, node, &root) < 0;
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            int mapping = event.type == YAML_MAPPING_START_EVENT;
            if ((mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor) ||
                (mapping ? (event.data.mapping_start.tag && !event.data.mapping_start.implicit)
                         : (event.data.sequence_start.tag && !event.data.sequence_start.implicit)) ||
                depth >= max_depth) {
                refused = 1;
                break;
            }
            PyObject *items = PyList_New(0);
            if (items == NULL) {
                failed = 1;
                break;
            }
            Py_INCREF(items);
            PyObject *node = node_at(&types, mapping ? types.mapping : types.sequence, items, event.start_mark, NULL,
                                     NULL);
            if (node == NULL || attach(top, node, &root) < 0) {
                Py_DECREF(items);
                failed = 1;
                break;
            }
            stack[depth].items = items; /* the node holds it; the frame keeps its own reference */
            stack[depth].key = NULL;
            stack[depth].node = node;
            stack[depth].start = event.start_mark;
            stack[depth].mapping = mapping;
            depth++;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            depth--;
            /* the node was made here and only its parent holds it: its span can still be filled in */
            PyObject *span = span_new(&types, stack[depth].start, event.end_mark);
            if (span == NULL) {
                failed = 1;
            } else {
                PyObject *old = PyTuple_GET_ITEM(stack[depth].node, 1);
                PyTuple_SET_ITEM(stack[depth].node, 1, span);
                Py_DECREF(old);
            }
            Py_CLEAR(stack[depth].items);
            Py_CLEAR(stack[depth].key);
            break;
        }
        default: /* stream start, document end */
            break;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    PyBuffer_Release(&data);
    while (depth > 0) {
        depth--;
        Py_CLEAR(stack[depth].items);
        Py_CLEAR(stack[depth].key);
    }
    PyMem_Free(stack);
    if (failed) {
        Py_XDECREF(root);
        return NULL;
    }
    if (refused || root == NULL) {
        Py_XDECREF(root);
        Py_RETURN_NONE;
    }
    return root;
}

static PyMethodDef METHODS[] = {
    {"compose", compose, METH_VARARGS,
     "compose(data, file, Span, Scalar, Sequence, Mapping, max_depth) -> root node, or None when the careful path must "
     "read the document."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_libyaml", NULL, -1, METHODS, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__libyaml(void) {
    static const char *styles[] = {"", "'", "\"", "|", ">"};
    for (int i = 0; i < 5; i++) {
        STYLES[i] = PyUnicode_InternFromString(styles[i]);
        if (STYLES[i] == NULL)
            return NULL;
    }
    return PyModule_Create(&MODULE);
}
