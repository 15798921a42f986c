#!/usr/bin/python3
"""What a screen reader and a PDF/UA checker look at in a PDF, as JSON.

Usage: pdf_structure.py FILE.pdf
Reads the catalog (language, MarkInfo, viewer preferences, XMP title and the
PDF/UA identification), each page (Tabs, StructParents), the structure tree
(types, figures' alternative text, table header cells' scope, the elements
in reading order) and the content streams: every text-showing operator must
sit inside marked content that is tagged (MCID, found in the parent tree) or
an artifact.
"""
import json
import sys

import pikepdf


def name(v):
    return str(v)[1:] if v is not None else None


def main(path):
    pdf = pikepdf.open(path)
    root = pdf.Root
    out = {"version": pdf.pdf_version}
    out["lang"] = str(root.get("/Lang", ""))
    out["marked"] = bool(root.get("/MarkInfo", {}).get("/Marked", False))
    out["display_doc_title"] = bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False))
    with pdf.open_metadata() as meta:
        out["xmp_title"] = str(meta.get("dc:title", ""))
        out["pdfua_part"] = str(meta.get("{http://www.aiim.org/pdfua/ns/id/}part", ""))
    out["info_title"] = str(pdf.docinfo.get("/Title", ""))
    out["pages"] = [{"tabs": name(p.obj.get("/Tabs")), "struct_parents": int(p.obj.get("/StructParents", -1))}
                    for p in pdf.pages]
    outline = []
    with pdf.open_outline() as ol:
        def walk_outline(items, depth):
            for it in items:
                outline.append([depth, it.title])
                walk_outline(it.children, depth + 1)
        walk_outline(ol.root, 0)
    out["outline"] = outline

    tree = root.get("/StructTreeRoot")
    types, figures, headers, order = {}, [], [], []
    page_index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    mcids_in_tree = set()

    def walk(elem, depth):
        t = name(elem.get("/S"))
        types[t] = types.get(t, 0) + 1
        if t == "Figure":
            figures.append(str(elem.get("/Alt", "")))
        attrs = elem.get("/A")
        if t == "TH":
            scope = name(attrs.get("/Scope")) if attrs is not None and "/Scope" in attrs else None
            headers.append(scope)
        order.append([depth, t])
        kids = elem.get("/K")
        if kids is None:
            return
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for k in kids:
            if isinstance(k, int):  # an MCID on the element's own page (/Pg)
                mcids_in_tree.add((page_index[elem.Pg.objgen], int(k)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                mcids_in_tree.add((page_index[k.Pg.objgen], int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary):
                walk(k, depth + 1)
    if tree is not None:
        kids = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
        for k in kids:
            walk(k, 0)
    out["types"] = types
    out["figures"] = figures
    out["th_scopes"] = headers
    out["order"] = order

    # Marked content: every text shown is tagged or an artifact.
    untagged_text, mcids_in_content, bad_mcid = 0, set(), []
    parent_tree = {}
    if tree is not None:
        nums = tree.ParentTree.Nums
        for i in range(0, len(nums), 2):
            parent_tree[int(nums[i])] = nums[i + 1]
    watermarks = []
    for pi, page in enumerate(pdf.pages):
        stack = []
        watermarks.append(0)
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "BDC":
                tag = str(operands[0])
                props = operands[1]
                mcid = int(props["/MCID"]) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                stack.append((tag, mcid))
                if tag == "/Artifact" and isinstance(props, pikepdf.Dictionary) and props.get("/Subtype") == "/Watermark":
                    watermarks[-1] += 1
                if mcid is not None:
                    mcids_in_content.add((pi, mcid))
                    sp = int(page.obj.get("/StructParents", -1))
                    arr = parent_tree.get(sp)
                    if arr is None or mcid >= len(arr) or name(arr[mcid].get("/S")) != tag[1:]:
                        bad_mcid.append([pi, mcid])
            elif o == "BMC":
                stack.append((str(operands[0]), None))
            elif o == "EMC":
                stack.pop()
            elif o in ("TJ", "Tj", "'", '"'):
                if not any(t == "/Artifact" or m is not None for t, m in stack):
                    untagged_text += 1
    out["untagged_text"] = untagged_text
    out["watermarks"] = watermarks  # per page
    out["mcids_missing_from_tree"] = len(mcids_in_content - mcids_in_tree)
    out["bad_mcid"] = bad_mcid
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
