#include "einblick/client/a11y/diff.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

namespace einblick::client::a11y {
namespace {

void append_string(std::string& out, const std::string& text) {
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c; // UTF-8 passes through unchanged
            }
        }
    }
    out += '"';
}

void append_number(std::string& out, const char* key, float value) {
    char text[32];
    std::snprintf(text, sizeof text, ",\"%s\":%.1f", key, static_cast<double>(value));
    out += text;
}

void append_id(std::string& out, const char* key, NodeId id) {
    out += ",\"";
    out += key;
    out += "\":";
    out += std::to_string(id);
}

const char* kind_code(OpKind kind) {
    switch (kind) {
    case OpKind::Remove:
        return "r";
    case OpKind::Create:
        return "c";
    case OpKind::Move:
        return "m";
    case OpKind::Update:
        return "u";
    case OpKind::Focus:
        return "f";
    }
    return "u";
}

// How far the node's clip cuts into its rectangle from each side (top, right, bottom, left:
// CSS inset()'s order), as "c":[t,r,b,l]; nothing when it is drawn whole.
void append_clip(std::string& out, const Node& node) {
    if (!node.clip) {
        return;
    }
    const Rect& rect = node.rect;
    const Rect& clip = *node.clip;
    const float insets[] = {
        std::max(0.0F, clip.y - rect.y),
        std::max(0.0F, (rect.x + rect.width) - (clip.x + clip.width)),
        std::max(0.0F, (rect.y + rect.height) - (clip.y + clip.height)),
        std::max(0.0F, clip.x - rect.x),
    };
    if (std::all_of(std::begin(insets), std::end(insets),
                    [](float inset) { return inset == 0.0F; })) {
        return;
    }
    out += ",\"c\":[";
    for (std::size_t i = 0; i < std::size(insets); ++i) {
        out += i == 0 ? "" : ",";
        out += std::to_string(static_cast<int>(std::ceil(insets[i])));
    }
    out += ']';
}

void append_node(std::string& out, const Op& op) {
    const Node& node = *op.node;
    append_id(out, "p", op.parent);
    append_id(out, "a", op.after);
    out += ",\"r\":\"";
    out += role_name(node.role);
    out += "\",\"n\":";
    append_string(out, node.name);
    out += ",\"v\":";
    append_string(out, node.value);
    out += ",\"d\":";
    append_string(out, node.description);
    out += ",\"g\":";
    append_string(out, node.lang);
    append_id(out, "s", node.states);
    append_id(out, "l", node.level);
    if (node.controls != 0) {
        append_id(out, "t", node.controls);
    }
    append_number(out, "x", node.rect.x);
    append_number(out, "y", node.rect.y);
    append_number(out, "w", node.rect.width);
    append_number(out, "h", node.rect.height);
    append_clip(out, node);
}

} // namespace

std::string to_json(const std::vector<Op>& ops) {
    std::string out = "[";
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        if (i > 0) {
            out += ',';
        }
        out += "{\"k\":\"";
        out += kind_code(op.kind);
        out += '"';
        append_id(out, "id", op.id);
        if (op.kind != OpKind::Remove && op.kind != OpKind::Focus) {
            append_node(out, op);
        }
        out += '}';
    }
    out += ']';
    return out;
}

} // namespace einblick::client::a11y
