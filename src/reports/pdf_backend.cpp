#include "pdf_backend.hpp"

#include <podofo/podofo.h>
#include <zlib.h>

#include <mutex>
#include <stdexcept>

#include "core/catalog.hpp"
#include "core/error.hpp"
#include "pdf_content.hpp"
#include "platform/platform.hpp"

namespace fw::reports {
using namespace PoDoFo;

namespace {

// PoDoFo prints its own error log to stderr; the callers report errors.
void quiet_podofo() {
    static std::once_flag once;
    std::call_once(once, [] {
        PdfError::EnableLogging(false);
        PdfError::EnableDebug(false);
    });
}

std::string describe(const PdfError& e) {
    const char* name = PdfError::ErrorName(e.GetError());
    std::string s = name ? name : "PoDoFo error";
    if (!e.GetCallstack().empty()) {
        const std::string& info = e.GetCallstack().front().GetInformation();
        if (!info.empty()) s += ": " + info;
    }
    return s;
}

PdfString utf8(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

// Flate at level 1: most of the size gain for a fraction of the default level's time.
std::string deflate(const std::string& in) {
    uLongf len = compressBound(uLong(in.size()));
    std::string out(len, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(in.data()), uLong(in.size()),
                  1) != Z_OK)
        throw std::runtime_error("cannot compress a PDF stream");
    out.resize(len);
    return out;
}

void set_raw(PdfObject* obj, const std::string& deflated) {
    PdfMemoryInputStream in(deflated.data(), pdf_long(deflated.size()));
    obj->GetStream()->SetRawData(&in, pdf_long(deflated.size()));
    obj->GetDictionary().AddKey("Filter", PdfName("FlateDecode"));
}

void set_stream(PdfObject* obj, const std::string& bytes, bool compress = true) {
    if (compress) {
        set_raw(obj, deflate(bytes));
        return;
    }
    obj->GetStream()->Set(bytes.data(), pdf_long(bytes.size()), TVecFilters());
}

// XMP: the title, the PDF/UA identification and the rest of the Info dictionary.
std::string xmp(const Drawing& d) {
    const DocumentInfo& i = d.info;
    std::string s = "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                    "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" "
                    "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                    "<dc:format>application/pdf</dc:format>\n";
    s += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(i.title) + "</rdf:li></rdf:Alt></dc:title>\n";
    if (!i.author.empty()) s += "<dc:creator><rdf:Seq><rdf:li>" + xml_escape(i.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!i.subject.empty())
        s += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(i.subject) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    s += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(d.lang) + "</rdf:li></rdf:Bag></dc:language>\n";
    if (!i.keywords.empty()) s += "<pdf:Keywords>" + xml_escape(i.keywords) + "</pdf:Keywords>\n";
    s += "<pdf:Producer>" + xml_escape(i.creator) + "</pdf:Producer>\n";
    s += "<xmp:CreatorTool>" + xml_escape(i.creator) + "</xmp:CreatorTool>\n";
    if (i.created_iso.size() == 10) s += "<xmp:CreateDate>" + i.created_iso + "</xmp:CreateDate>\n";
    s += "<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return s;
}

PdfArray box(const std::array<double, 4>& b) {
    PdfArray a;
    for (double v : b) a.push_back(PdfVariant(v));
    return a;
}

// The Type 0 font of one face: CID font, descriptor, the subset file, widths, ToUnicode.
PdfReference embed_font(PdfVecObjects& objs, const FontUse& f) {
    const FaceMetrics& m = metrics_of(*f.face);
    const double k = 1000.0 / m.units_per_em;
    const std::string name = f.subset_tag + "+" + m.postscript_name;

    PdfObject* file = objs.CreateObject();
    std::call_once(f.subset->deflated_once, [&] { f.subset->deflated = deflate(f.subset->bytes); });
    set_raw(file, f.subset->deflated);
    if (m.cff) file->GetDictionary().AddKey("Subtype", PdfName("OpenType"));
    else file->GetDictionary().AddKey("Length1", PdfVariant(pdf_int64(f.subset->bytes.size())));

    PdfObject* desc = objs.CreateObject("FontDescriptor");
    PdfDictionary& dd = desc->GetDictionary();
    dd.AddKey("FontName", PdfName(name));
    dd.AddKey("Flags", PdfVariant(pdf_int64(4)));
    dd.AddKey("FontBBox", box({m.bbox[0] * k, m.bbox[1] * k, m.bbox[2] * k, m.bbox[3] * k}));
    dd.AddKey("ItalicAngle", PdfVariant(pdf_int64(0)));
    dd.AddKey("Ascent", PdfVariant(m.ascent * k));
    dd.AddKey("Descent", PdfVariant(m.descent * k));
    dd.AddKey("CapHeight", PdfVariant(m.cap_height * k));
    dd.AddKey("StemV", PdfVariant(pdf_int64(80)));
    dd.AddKey(m.cff ? "FontFile3" : "FontFile2", file->Reference());

    PdfArray widths;
    // Runs of consecutive codes: c [w1 w2 ...].
    for (auto it = f.widths.begin(); it != f.widths.end();) {
        unsigned first = it->first;
        PdfArray run;
        unsigned next = first;
        while (it != f.widths.end() && it->first == next) {
            run.push_back(PdfVariant(pdf_int64(it->second)));
            ++it;
            ++next;
        }
        widths.push_back(PdfVariant(pdf_int64(first)));
        widths.push_back(run);
    }

    PdfObject* cid = objs.CreateObject("Font");
    PdfDictionary& cd = cid->GetDictionary();
    cd.AddKey("Subtype", PdfName(m.cff ? "CIDFontType0" : "CIDFontType2"));
    cd.AddKey("BaseFont", PdfName(name));
    PdfDictionary info;
    info.AddKey("Registry", PdfString("Adobe"));
    info.AddKey("Ordering", PdfString("Identity"));
    info.AddKey("Supplement", PdfVariant(pdf_int64(0)));
    cd.AddKey("CIDSystemInfo", info);
    cd.AddKey("FontDescriptor", desc->Reference());
    cd.AddKey("W", widths);
    if (!m.cff) cd.AddKey("CIDToGIDMap", PdfName("Identity"));

    PdfObject* cmap = objs.CreateObject();
    set_stream(cmap, to_unicode_cmap(f));

    PdfObject* type0 = objs.CreateObject("Font");
    PdfDictionary& td = type0->GetDictionary();
    td.AddKey("Subtype", PdfName("Type0"));
    td.AddKey("BaseFont", PdfName(name));
    td.AddKey("Encoding", PdfName("Identity-H"));
    PdfArray desc_fonts;
    desc_fonts.push_back(cid->Reference());
    td.AddKey("DescendantFonts", desc_fonts);
    td.AddKey("ToUnicode", cmap->Reference());
    return type0->Reference();
}

// Bookmarks at any depth, each under the last one of the level above.
void outline(PdfMemDocument& doc, const Drawing& d) {
    if (d.bookmarks.empty()) return;
    PdfOutlines* outlines = doc.GetOutlines();
    PdfOutlineItem* root = outlines->CreateRoot(utf8(d.info.title));
    std::vector<PdfOutlineItem*> last;  // per level
    for (const Bookmark& b : d.bookmarks) {
        if (b.page < 0 || b.page >= doc.GetPageCount()) continue;
        // Ask the document again: page objects from CreatePage do not live long in 0.9.8.
        PdfDestination dest(doc.GetPage(b.page), 0, d.pages[size_t(b.page)].height - b.y + 4, 0);
        size_t level = std::min<size_t>(size_t(std::max(b.level, 0)), last.size());
        last.resize(level + 1, nullptr);
        PdfOutlineItem* parent = level == 0 ? root : last[level - 1];
        PdfOutlineItem* item = last[level] ? last[level]->CreateNext(utf8(b.title), dest)
                                           : parent->CreateChild(utf8(b.title), dest);
        last[level] = item;
        last.resize(level + 1);
    }
}

}  // namespace

PdfBackend::PdfBackend(const std::string& data_dir) : shaper_(data_dir) { quiet_podofo(); }

double PdfBackend::width(std::string_view text, Font font, double size) const { return shaper_.width(text, font) * size; }
double PdfBackend::ascent(Font font, double size) const { return shaper_.ascent(font) * size; }
double PdfBackend::descent(Font font, double size) const { return shaper_.descent(font) * size; }

std::string PdfBackend::write(const Drawing& d) const {
    Content content = build_content(d, shaper_);
    try {
        PdfMemDocument doc;
        doc.SetPdfVersion(ePdfVersion_1_7);
        PdfVecObjects& objs = doc.GetObjects();

        PdfObject* resources = objs.CreateObject(PdfDictionary());
        PdfDictionary fonts;
        for (const FontUse& f : content.fonts) fonts.AddKey(PdfName(f.resource), embed_font(objs, f));
        resources->GetDictionary().AddKey("Font", fonts);
        PdfArray procset;
        procset.push_back(PdfName("PDF"));
        procset.push_back(PdfName("Text"));
        resources->GetDictionary().AddKey("ProcSet", procset);

        std::vector<PdfReference> page_refs;
        const bool tagged = !d.structure.empty();
        for (size_t i = 0; i < d.pages.size(); ++i) {
            PdfPage* page = doc.CreatePage(PdfRect(0, 0, d.pages[i].width, d.pages[i].height));
            PdfObject* po = page->GetObject();
            PdfObject* contents = page->GetContents();
            if (!contents || !contents->IsDictionary()) {
                contents = objs.CreateObject();
                po->GetDictionary().AddKey("Contents", contents->Reference());
            }
            set_stream(contents, content.pages[i].stream);
            po->GetDictionary().AddKey("Resources", resources->Reference());
            if (tagged) {
                po->GetDictionary().AddKey("StructParents", PdfVariant(pdf_int64(i)));
                po->GetDictionary().AddKey("Tabs", PdfName("S"));
            }
            page_refs.push_back(po->Reference());
        }

        PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
        if (tagged) {
            // Structure elements first, so parents and kids can point at each other.
            std::vector<PdfObject*> elems;
            for (const StructNode& n : d.structure) {
                PdfObject* e = objs.CreateObject("StructElem");
                e->GetDictionary().AddKey("S", PdfName(tag_name(n.tag)));
                if (!n.alt.empty()) e->GetDictionary().AddKey("Alt", utf8(n.alt));
                PdfDictionary attrs;
                if (n.tag == Tag::th) {
                    attrs.AddKey("O", PdfName("Table"));
                    attrs.AddKey("Scope", PdfName(n.row_scope ? "Row" : "Column"));
                }
                if (n.col_span > 1) {
                    attrs.AddKey("O", PdfName("Table"));
                    attrs.AddKey("ColSpan", PdfVariant(pdf_int64(n.col_span)));
                }
                if (!attrs.GetKeys().empty()) e->GetDictionary().AddKey("A", attrs);
                elems.push_back(e);
            }
            PdfObject* root = objs.CreateObject("StructTreeRoot");
            std::vector<PdfArray> kids(d.structure.size());
            for (size_t i = 1; i < d.structure.size(); ++i) {
                int parent = d.structure[i].parent;
                kids[size_t(parent)].push_back(elems[i]->Reference());
            }
            for (size_t i = 0; i < elems.size(); ++i) {
                int parent = d.structure[i].parent;
                elems[i]->GetDictionary().AddKey("P", parent < 0 ? root->Reference() : elems[size_t(parent)]->Reference());
            }
            // An element whose content is all on one page names the page (/Pg)
            // and lists its MCIDs as numbers; one that crosses pages uses MCR dictionaries.
            std::vector<int> only_page(d.structure.size(), -1);
            for (size_t p = 0; p < content.pages.size(); ++p)
                for (int node : content.pages[p].mcid_nodes)
                    only_page[size_t(node)] = only_page[size_t(node)] == -1 || only_page[size_t(node)] == int(p) ? int(p) : -2;
            PdfArray nums;
            for (size_t p = 0; p < content.pages.size(); ++p) {
                PdfArray by_mcid;
                const auto& mcids = content.pages[p].mcid_nodes;
                for (size_t m = 0; m < mcids.size(); ++m) {
                    const size_t node = size_t(mcids[m]);
                    if (only_page[node] >= 0) {
                        kids[node].push_back(PdfVariant(pdf_int64(m)));
                    } else {
                        PdfDictionary mcr;
                        mcr.AddKey("Type", PdfName("MCR"));
                        mcr.AddKey("Pg", page_refs[p]);
                        mcr.AddKey("MCID", PdfVariant(pdf_int64(m)));
                        kids[node].push_back(mcr);
                    }
                    by_mcid.push_back(elems[node]->Reference());
                }
                nums.push_back(PdfVariant(pdf_int64(p)));
                nums.push_back(by_mcid);
            }
            for (size_t i = 0; i < elems.size(); ++i) {
                if (only_page[i] >= 0) elems[i]->GetDictionary().AddKey("Pg", page_refs[size_t(only_page[i])]);
                elems[i]->GetDictionary().AddKey("K", kids[i]);
                if (auto fb = content.figure_boxes.find(int(i)); fb != content.figure_boxes.end()) {
                    PdfDictionary layout;
                    layout.AddKey("O", PdfName("Layout"));
                    layout.AddKey("BBox", box(fb->second.second));
                    layout.AddKey("Placement", PdfName("Block"));
                    elems[i]->GetDictionary().AddKey("A", layout);
                    elems[i]->GetDictionary().AddKey("Pg", page_refs[size_t(fb->second.first)]);
                }
            }
            PdfArray top;
            top.push_back(elems[0]->Reference());
            root->GetDictionary().AddKey("K", top);
            PdfObject* parent_tree = objs.CreateObject(PdfDictionary());
            parent_tree->GetDictionary().AddKey("Nums", nums);
            root->GetDictionary().AddKey("ParentTree", parent_tree->Reference());
            root->GetDictionary().AddKey("ParentTreeNextKey", PdfVariant(pdf_int64(content.pages.size())));
            catalog.AddKey("StructTreeRoot", root->Reference());
            PdfDictionary mark;
            mark.AddKey("Marked", PdfVariant(true));
            catalog.AddKey("MarkInfo", mark);
        }
        catalog.AddKey("Lang", PdfString(d.lang));
        PdfDictionary prefs;
        prefs.AddKey("DisplayDocTitle", PdfVariant(true));
        catalog.AddKey("ViewerPreferences", prefs);
        PdfObject* meta = objs.CreateObject("Metadata");
        meta->GetDictionary().AddKey("Subtype", PdfName("XML"));
        set_stream(meta, xmp(d), false);  // readable by tools that do not inflate
        catalog.AddKey("Metadata", meta->Reference());

        outline(doc, d);
        if (!d.bookmarks.empty()) catalog.AddKey("PageMode", PdfName("UseOutlines"));

        PdfInfo* info = doc.GetInfo();
        info->SetTitle(utf8(d.info.title));
        info->SetAuthor(utf8(d.info.author));
        info->SetSubject(utf8(d.info.subject));
        info->SetKeywords(utf8(d.info.keywords));
        info->SetCreator(utf8(d.info.creator));
        info->SetProducer(utf8(d.info.creator));
        if (d.info.created_iso.size() == 10) {
            // The report's own date, so the same review gives the same file.
            std::string iso = d.info.created_iso;
            info->GetObject()->GetDictionary().AddKey(
                PdfName("CreationDate"),
                PdfString("D:" + iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "000000Z"));
        }
        for (const auto& [key, value] : d.info.custom) info->SetCustomKey(PdfName(key), PdfString(value));

        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        return std::string(buffer.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        throw std::runtime_error("cannot write the PDF: " + describe(e));
    }
}

std::map<std::string, std::string> read_pdf_info(const std::string& path) {
    quiet_podofo();
    std::map<std::string, std::string> out;
    try {
        PdfMemDocument doc;
        doc.Load(platform::path_for_narrow_api(path).c_str());  // PoDoFo opens it with fopen
        const PdfObject* obj = doc.GetInfo()->GetObject();
        if (!obj || !obj->IsDictionary()) return out;
        for (const auto& [name, value] : obj->GetDictionary().GetKeys()) {
            if (value && value->IsString()) out[name.GetName()] = value->GetString().GetStringUtf8();
        }
    } catch (const PdfError& e) {
        throw InputError(path, Problem{{}, "cannot be read as a PDF (" + describe(e) + ")"});
    }
    return out;
}

}  // namespace fw::reports
