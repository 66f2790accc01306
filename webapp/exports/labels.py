"""Interface words of the exports (Chinese for Chinese plans, English otherwise) and colours."""

from __future__ import annotations

_LABELS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "new": ("新增", "New"),
    "changed": ("修改", "Changed"),
    "unchanged": ("未变", "Unchanged"),
    "dropped": ("删除", "Dropped"),
    "split": ("拆分", "Split"),
    "merged": ("合并", "Merged"),
    "restructured": ("重组", "Restructured"),
    "filter": ("筛选", "Filter"),
    "filter_note": (
        "仅含符合筛选条件的条目；统计为全部条目",
        "only the entries that match; the summary counts all",
    ),
    "lead_change": ("牵头单位变化", "Lead agencies changed"),
    "moved": ("移动", "Moved"),
    "yes": ("是", "Yes"),
    "title": ("变更摘要", "Change summary"),
    "timeline_title": ("历年事项脉络", "Initiative timeline"),
    "provenance": ("来源与核验", "Provenance"),
    "summary": ("变更统计", "Summary"),
    "register": ("变更登记表", "Change register"),
    "agencies": ("牵头单位", "Lead agencies"),
    "series": ("系列", "Series"),
    "document": ("文件", "Document"),
    "year": ("年份", "Year"),
    "version": ("版本", "Version"),
    "sha256": ("SHA-256", "SHA-256"),
    "filename": ("原始文件", "Original file"),
    "doc_title": ("标题", "Title"),
    "engine_version": ("比对引擎版本", "Engine version"),
    "decisions": ("人工审核决定", "Analyst decisions applied"),
    "generated_at": ("生成时间(UTC)", "Generated at (UTC)"),
    "count": ("数量", "Count"),
    "kind": ("类型", "Kind"),
    "a_key": ("A 键", "A key"),
    "a_number": ("A 编号", "A number"),
    "a_headline": ("A 标题", "A headline"),
    "b_key": ("B 键", "B key"),
    "b_number": ("B 编号", "B number"),
    "b_headline": ("B 标题", "B headline"),
    "similarity": ("相似度", "Similarity"),
    "change_ratio": ("文本变化", "Text changed"),
    "leads_a": ("A 牵头单位", "A lead agencies"),
    "leads_b": ("B 牵头单位", "B lead agencies"),
    "leads_added": ("新增牵头单位", "Lead agencies added"),
    "leads_removed": ("移除牵头单位", "Lead agencies removed"),
    "primary_change": ("主牵头单位变化", "Primary lead change"),
    "redline": ("文本修订", "Redline"),
    "a_text": ("A 全文", "A text"),
    "b_text": ("B 全文", "B text"),
    "support_a": ("A 配合单位", "A supporting agencies"),
    "support_b": ("B 配合单位", "B supporting agencies"),
    "support_added": ("新增配合单位", "Supporting agencies added"),
    "support_removed": ("移除配合单位", "Supporting agencies removed"),
    "promoted": ("由配合转为牵头", "Promoted to lead"),  # the compare page's words
    "demoted": ("由牵头转为配合", "Now supporting"),
    "due_a": ("A 完成时限", "A deadline"),
    "due_b": ("B 完成时限", "B deadline"),
    # worksheet names (at most 31 characters, none of : \ / ? * [ ])
    "sheet_summary": ("摘要", "Summary"),
    "sheet_changes": ("变更", "Changes"),
    "sheet_agencies": ("牵头单位", "Agencies"),
    "sheet_threads": ("事项脉络", "Threads"),
    "no_agencies": (
        "两份计划都没有写明牵头单位(例如“牵头单位:……”),所以这里没有可统计的单位。",
        "Neither plan names lead agencies (clauses such as “牵头单位:…”), so there is no agency"
        " to count here.",
    ),
    "agency": ("单位", "Agency"),
    "led_a": ("A 牵头事项", "Items led in A"),
    "led_b": ("B 牵头事项", "Items led in B"),
    "supported_a": ("A 配合事项", "Items supported in A"),
    "supported_b": ("B 配合事项", "Items supported in B"),
    "gained": ("新增牵头(延续事项)", "Gained (continuing items)"),
    "lost": ("不再牵头(延续事项)", "Lost (continuing items)"),
    "on_new": ("新增事项中牵头", "On new items"),
    "on_dropped": ("删除事项中牵头", "On dropped items"),
    "primary_a": ("A 主牵头", "Primary lead in A"),
    "primary_b": ("B 主牵头", "Primary lead in B"),
    "section_new": ("新增事项", "New items"),
    "section_changed": ("修改事项", "Changed items"),
    "section_dropped": ("删除事项", "Dropped items"),
    "section_split": ("拆分事项", "Split items"),
    "section_merged": ("合并事项", "Merged items"),
    "section_restructured": ("重组事项", "Restructured items"),
    "section_moved": (
        "文字未变、位置或牵头单位调整的事项",
        "Same text, moved or with other lead agencies",
    ),
    "none": ("无", "None"),
    "total": ("合计", "Total"),
    "entries": ("条目", "Entries"),
    "thread": ("事项", "Initiative"),
    "first_year": ("首次出现", "First year"),
    "last_year": ("最后出现", "Last year"),
    "status": ("状态", "Status"),
    "revived": ("恢复", "Revived"),
    "absent": ("未出现", "Absent"),
    "charts": ("图表", "Charts"),
    "legend": (
        "修订标记:删除线为 A 中删去的文字,下划线为 B 中新增的文字。",
        "Redline: struck-through text was deleted from A, underlined text was added in B.",
    ),
    "a_side": ("A", "A"),
    "b_side": ("B", "B"),
    "print": ("打印 / 存为 PDF", "Print / save as PDF"),
}


def label(key: str, lang: str) -> str:
    """The display label for ``key`` in ``lang`` ("zh" or anything else for English)."""
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def label_keys(key: str) -> tuple[str, str]:
    """Both spellings (zh, en) of ``key``."""
    return _LABELS[key]


# Light fills (hex RGB) shared by the xlsx, docx and html exports; ink colours for text.
KIND_FILLS = {
    "new": "E6F4EA",
    "changed": "FEF3D0",
    "dropped": "FCE4E1",
    "split": "E3EDFC",
    "merged": "EFE5FB",
    "restructured": "E4F1F6",
    "unchanged": "FFFFFF",
    "moved": "F1F3F4",
}
STATUS_FILLS = {
    "new": "CDEBD6",
    "changed": "FCE7A8",
    "unchanged": "E8EAED",
    "revived": "C9DBFA",
    "dropped": "F7C7C1",
    "absent": "FFFFFF",
}
# Stronger colours per kind, the same as the site's charts (webapp.charts.COLORS).
KIND_INKS = {
    "new": "2A9D8F",
    "changed": "E9A23B",
    "dropped": "D1495B",
    "split": "8C6BB1",
    "merged": "C26FA6",
    "restructured": "4A8FA8",
    "unchanged": "A9B4BE",
    "moved": "3D7DD8",
}
