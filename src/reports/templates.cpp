#include "templates.hpp"

#include <kainjow/mustache.hpp>

#include <filesystem>

#include "core/error.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"

namespace fw::reports {

namespace {

namespace mu = kainjow::mustache;

mu::data to_data(const Json& j) {
    switch (j.type()) {
    case Json::value_t::object: {
        mu::data d{mu::data::type::object};
        for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
        return d;
    }
    case Json::value_t::array: {
        mu::data d{mu::data::type::list};
        for (const auto& v : j) d.push_back(to_data(v));
        return d;
    }
    case Json::value_t::string: return mu::data{j.get<std::string>()};
    case Json::value_t::boolean: return j.get<bool>() ? mu::data{mu::data::type::bool_true} : mu::data{mu::data::type::bool_false};
    case Json::value_t::null: return mu::data{mu::data::type::bool_false};
    default: return mu::data{j.dump()};
    }
}

}  // namespace

std::string render_template(const std::string& data_dir, const std::string& name, const Json& data) {
    std::string path =
        platform::to_utf8(platform::to_path(data_dir) / "templates" / "report" / platform::to_path(name + ".mustache"));
    std::string text = read_text_file(path, 1u << 20);
    mu::mustache tmpl{text};
    if (!tmpl.is_valid()) throw InputError(path, Problem{{}, "not a valid template: " + tmpl.error_message()});
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    std::string out = tmpl.render(to_data(data));
    if (!tmpl.is_valid()) throw InputError(path, Problem{{}, "cannot be filled in: " + tmpl.error_message()});
    return out;
}

std::vector<Block> parse_blocks(const std::string& text) {
    std::vector<Block> out;
    bool open = false;  // the last block is a paragraph or list entry still taking lines
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(pos, nl - pos);
        pos = nl + 1;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.pop_back();
        size_t lead = line.find_first_not_of(" \t");
        if (lead == std::string::npos) {
            open = false;
            continue;
        }
        std::string body = line.substr(lead);
        if (body.rfind("## ", 0) == 0) {
            out.push_back({Block::Kind::subheading, body.substr(3)});
            open = false;
        } else if (body.rfind("# ", 0) == 0) {
            out.push_back({Block::Kind::heading, body.substr(2)});
            open = false;
        } else if (body.rfind("- ", 0) == 0) {
            out.push_back({Block::Kind::bullet, body.substr(2)});
            open = true;
        } else if (open) {
            out.back().text += " " + body;  // a wrapped line of the same paragraph
        } else {
            out.push_back({Block::Kind::paragraph, body});
            open = true;
        }
        if (nl == text.size()) break;
    }
    return out;
}

std::vector<std::string> template_lines(const std::string& text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(pos, nl - pos);
        pos = nl + 1;
        size_t a = line.find_first_not_of(" \t\r"), b = line.find_last_not_of(" \t\r");
        if (a != std::string::npos) out.push_back(line.substr(a, b - a + 1));
    }
    return out;
}

}  // namespace fw::reports
