#include "json_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <unordered_set>
#include <vector>

#include "error.hpp"
#include "review_file.hpp"

namespace fw {

void append_member(Json& object, std::string key, Json value) {
    // ordered_map is a vector of pairs: its emplace_back adds without the
    // search that operator[] and emplace do.
    auto& members = static_cast<Json::object_t::Container&>(object.get_ref<Json::object_t&>());
    members.emplace_back(std::move(key), std::move(value));
}

namespace {

struct TooDeep {};

// Builds the document as nlohmann's SAX DOM parser does, but appends members
// instead of looking them up, and finds duplicate keys with a hash set.
class Builder : public nlohmann::json_sax<Json> {
public:
    explicit Builder(int max_depth) : max_depth_(max_depth) {}

    Json root;
    std::vector<Problem> duplicates;

    bool null() override { return add(Json(nullptr)); }
    bool boolean(bool v) override { return add(Json(v)); }
    bool number_integer(number_integer_t v) override { return add(Json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return add(Json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return add(Json(v)); }
    bool string(string_t& v) override {
        // The parser's buffer grew by doubling: a large text (an attachment)
        // would keep up to twice its size.
        if (v.capacity() > 4096 && v.capacity() > v.size() + v.size() / 16) v.shrink_to_fit();
        return add(Json(std::move(v)));
    }
    bool binary(binary_t& v) override { return add(Json::binary(std::move(v))); }

    bool start_object(std::size_t) override { return open(Json::object()); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& k) override {
        Frame& f = frames_.back();
        if (!f.keys.insert(k).second)
            duplicates.push_back({Place::at_pointer(pointer(frames_.size() - 1) + "/" + pointer_token(k)),
                                  "the key '" + k + "' appears twice in this object"});
        f.key = std::move(k);
        return true;
    }

    // Kept for read_json to word; returning false ends the parse.
    bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& e) override {
        error_byte = byte;
        error_id = e.id;
        error_what = e.what();
        return false;
    }
    std::size_t error_byte = 0;
    int error_id = 0;
    std::string error_what;

    // Where the parser is, as a JSON pointer: in each enclosing container,
    // the member being read (the last element of an array; the innermost
    // array's next element, not added yet).
    std::string pointer(std::size_t depth) const {
        std::string p;
        for (std::size_t i = 0; i < depth && i < frames_.size(); ++i) {
            const Frame& f = frames_[i];
            if (f.node->is_array()) p += "/" + std::to_string(f.node->size() - (i + 1 < frames_.size() ? 1 : 0));
            else p += "/" + pointer_token(f.key);
        }
        return p;
    }
    std::string pointer() const { return pointer(frames_.size()); }

private:
    struct Frame {
        Json* node;
        std::string key;                       // of the member being read
        std::unordered_set<std::string> keys;  // of an object, to find duplicates
    };
    std::vector<Frame> frames_;
    int max_depth_;

    // Where a value goes: the root, the end of an array, or the member named by the last key.
    Json* place(Json&& v) {
        if (frames_.empty()) {
            root = std::move(v);
            return &root;
        }
        Frame& f = frames_.back();
        if (f.node->is_array()) {
            auto& a = f.node->get_ref<Json::array_t&>();
            a.push_back(std::move(v));
            return &a.back();
        }
        append_member(*f.node, f.key, std::move(v));
        return &f.node->get_ref<Json::object_t&>().back().second;
    }
    bool add(Json&& v) {
        place(std::move(v));
        return true;
    }
    bool open(Json&& container) {
        if (int(frames_.size()) >= max_depth_) throw TooDeep{};
        Json* node = place(std::move(container));
        frames_.push_back({node, {}, {}});
        return true;
    }
    bool close() {
        frames_.pop_back();
        return true;
    }
};

// A file read as a single-pass sequence of bytes, for the parser: the text
// is never held whole, so a large review costs its document only. Refuses
// more than `limit` bytes (a wrong path such as /dev/zero).
class FileBytes {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    FileBytes() = default;  // the end
    FileBytes(std::FILE* f, const std::string& path, std::size_t limit) : s_(std::make_shared<State>()) {
        s_->file = f;
        s_->path = path;
        s_->limit = limit;
    }

    reference operator*() const { return s_->buf[s_->pos]; }
    FileBytes& operator++() {
        ++s_->pos;
        return *this;
    }
    FileBytes operator++(int) {
        FileBytes old = *this;
        ++*this;
        return old;
    }
    bool operator==(const FileBytes& o) const { return at_end() == o.at_end(); }

private:
    struct State {
        std::FILE* file = nullptr;
        std::string path;
        std::size_t limit = 0;
        std::size_t total = 0;
        std::size_t pos = 0, len = 0;
        char buf[65536];
    };
    std::shared_ptr<State> s_;

    bool at_end() const {
        if (!s_) return true;
        if (s_->pos < s_->len) return false;
        s_->pos = 0;
        s_->len = std::fread(s_->buf, 1, sizeof s_->buf, s_->file);
        if (s_->len == 0 && std::ferror(s_->file))
            throw InputError(s_->path, Problem{{},
                                               errno == EISDIR ? std::string("is a folder, not a file")
                                                               : std::string("cannot read: ") + std::strerror(errno)});
        s_->total += s_->len;
        if (s_->total > s_->limit)
            throw InputError(s_->path, Problem{{},
                                               "file is larger than " + std::to_string(s_->limit >> 20) +
                                                   " MiB; this is not a file the workstation wrote"});
        return s_->len == 0;
    }
};

// The document, or the problem worded with the place.
template <class Parse>
Json build(Parse&& parse, const std::string& file, int max_depth) {
    Builder b(max_depth);
    bool ok = false;
    try {
        ok = parse(b);
    } catch (const TooDeep&) {
        throw InputError(
            file, Problem{Place::at_pointer(b.pointer()),
                          "nested deeper than " + std::to_string(max_depth) + " levels; this is not a review file"});
    }
    if (!ok && b.error_id == 406)  // a number beyond a double's range (1e99999)
        throw InputError(file, Problem{Place::at_pointer(b.pointer()), "not valid JSON: a number out of range"});
    if (!ok) {
        // "[json.exception.parse_error.101] parse error at line 3, column 16: syntax error while ..."
        const std::string& what = b.error_what;
        int line = 1, col = 1;
        if (auto at = what.find(" at line "); at != std::string::npos) {
            line = std::atoi(what.c_str() + at + 9);
            if (auto c = what.find(", column ", at); c != std::string::npos)
                col = std::max(1, std::atoi(what.c_str() + c + 9));
        }
        auto pos = what.find("syntax error");
        if (pos == std::string::npos) pos = what.find("parse error");
        std::string msg = pos == std::string::npos ? what : what.substr(pos);
        throw InputError(file, Problem{Place::at_line(line, col), "not valid JSON: " + msg});
    }
    if (!b.duplicates.empty()) throw InputError(file, b.duplicates);
    return std::move(b.root);
}

}  // namespace

Json read_json(const std::string& text, const std::string& file, int max_depth) {
    return build([&](Builder& b) { return Json::sax_parse(text, &b, Json::input_format_t::json, true, false); }, file,
                 max_depth);
}

Json read_json_file(const std::string& path, std::size_t max_bytes, int max_depth) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw InputError(path, Problem{{}, std::string("cannot open: ") + std::strerror(errno)});
    return build(
        [&](Builder& b) {
            return Json::sax_parse(FileBytes(f.get(), path, max_bytes), FileBytes(), &b, Json::input_format_t::json,
                                   true, false);
        },
        path, max_depth);
}

}  // namespace fw
