"""The two official layouts' tables, row by row, with their official labels (see the package)."""

from __future__ import annotations

from .model import AMOUNT, SIGNED, Column, Enum, Group, Node, Row, Scalar, Table

# --------------------------------------------------------------------------- table 三 (both)

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_PARTS = APPLICANT_COLUMNS[:-1]  # the six columns that add up to 总计


def _r3(key: str, label: str, description: str) -> Row:
    return Row(key, label, description, APPLICANT_COLUMNS)


_REFUSED = Group(
    "refused",
    "（三）不予公开",
    "决定不予公开的申请，按理由分列。",
    (
        _r3("state_secret", "1.属于国家秘密", "因属于国家秘密而不予公开。"),
        _r3("prohibited_by_law", "2.其他法律行政法规禁止公开", "其他法律、行政法规禁止公开。"),
        _r3(
            "three_safety",
            "3.危及“三安全一稳定”",
            "公开后可能危及国家安全、公共安全、经济安全和社会稳定。",
        ),
        _r3(
            "third_party",
            "4.保护第三方合法权益",
            "涉及商业秘密、个人隐私等，公开会损害第三方合法权益。",
        ),
        _r3(
            "internal_affairs",
            "5.属于三类内部事务信息",
            "人事管理、后勤管理、内部工作流程等内部事务信息。",
        ),
        _r3(
            "process_info",
            "6.属于四类过程性信息",
            "讨论记录、过程稿、磋商信函、请示报告等过程性信息。",
        ),
        _r3("enforcement_file", "7.属于行政执法案卷", "行政执法案卷信息。"),
        _r3("query_matter", "8.属于行政查询事项", "属于工商、不动产登记等行政查询事项。"),
    ),
)
_UNABLE = Group(
    "unable",
    "（四）无法提供",
    "无法提供所申请信息的申请，按原因分列。",
    (
        _r3("not_held", "1.本机关不掌握相关政府信息", "本机关不掌握所申请的政府信息。"),
        _r3("needs_creation", "2.没有现成信息需要另行制作", "没有现成信息，需要另行制作。"),
        _r3("unclear", "3.补正后申请内容仍不明确", "经补正后申请内容仍不明确。"),
    ),
)
_NOT_PROCESSED = Group(
    "not_processed",
    "（五）不予处理",
    "不作为政府信息公开申请处理的申请，按情形分列。",
    (
        _r3("complaint", "1.信访举报投诉类申请", "以申请形式进行信访、投诉、举报。"),
        _r3("repeated", "2.重复申请", "重复申请。"),
        _r3("publication", "3.要求提供公开出版物", "要求提供公开出版物。"),
        _r3("excessive", "4.无正当理由大量反复申请", "无正当理由大量反复申请。"),
        _r3(
            "confirm_existing",
            "5.要求行政机关确认或重新出具已获取信息",
            "要求行政机关确认或重新出具已获取的信息。",
        ),
    ),
)
_OTHER_SINGLE_2021 = _r3(
    "other",
    "（六）其他处理",
    "其他处理（原表只印一行、未分列三种情形时，照原表写成一行）。",
)
_OTHER_2021 = Group(
    "other",
    "（六）其他处理",
    "其他处理的申请，按情形分列。",
    (
        _r3(
            "no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人无正当理由逾期不补正，行政机关不再处理。",
        ),
        _r3(
            "fee_unpaid",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "申请人逾期未缴纳信息处理费，行政机关不再处理。",
        ),
        _r3("other", "3.其他", "其他处理情形。"),
    ),
    single_row_alternative=_OTHER_SINGLE_2021,
)
_OTHER_2019 = _r3("other", "（六）其他处理", "其他处理的申请（2019 年格式不分列）。")


def _table3(other: Node) -> Table:
    return Table(
        "table3",
        "三、收到和处理政府信息公开申请情况",
        "按申请人类型分列的申请数量和办理结果。每行依次为：自然人、商业企业、科研机构、"
        "社会公益组织、法律服务机构、其他、总计。",
        (
            _r3("new_requests", "一、本年新收政府信息公开申请数量", "本年度新收到的申请数量。"),
            _r3(
                "carried_over",
                "二、上年结转政府信息公开申请数量",
                "上一年度结转到本年度办理的申请数量。",
            ),
            Group(
                "outcomes",
                "三、本年度办理结果",
                "本年度办结的申请按结果分列；各结果互斥，区分处理的只计“部分公开”。",
                (
                    _r3("granted", "（一）予以公开", "全部予以公开的申请。"),
                    _r3(
                        "partly_granted",
                        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                        "部分公开（区分处理）的申请。",
                    ),
                    _REFUSED,
                    _UNABLE,
                    _NOT_PROCESSED,
                    other,
                    _r3("total", "（七）总计", "本年度办理结果合计。"),
                ),
            ),
            _r3(
                "carried_forward",
                "四、结转下年度继续办理",
                "本年度未办结、结转到下一年度的申请数量。",
            ),
        ),
    )


# --------------------------------------------------------------------------- table 四 (both)

_REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other_result", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
TABLE4 = Table(
    "table4",
    "四、政府信息公开行政复议、行政诉讼情况",
    "因政府信息公开引起的行政复议和行政诉讼。每行依次为：结果维持、结果纠正、其他结果、尚未审结、总计。",
    (
        Row("review", "行政复议", "政府信息公开行政复议案件。", _REVIEW_COLUMNS),
        Row(
            "litigation_direct",
            "行政诉讼·未经复议直接起诉",
            "未经复议直接起诉的行政诉讼案件。",
            _REVIEW_COLUMNS,
        ),
        Row(
            "litigation_after_review",
            "行政诉讼·复议后起诉",
            "经行政复议后起诉的行政诉讼案件。",
            _REVIEW_COLUMNS,
        ),
    ),
)

# --------------------------------------------------------------------------- table 二

_ISSUED_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
TABLE2_2021 = Table(
    "table2",
    "二、主动公开政府信息情况",
    "《条例》第二十条规定主动公开的部分信息的数量（2021 年格式）。",
    (
        Row(
            "regulations",
            "规章",
            "第二十条第（一）项：规章。依次为本年制发件数、本年废止件数、现行有效件数。",
            _ISSUED_2021,
            article="第二十条第（一）项",
        ),
        Row(
            "normative_documents",
            "行政规范性文件",
            "第二十条第（一）项：行政规范性文件。依次为本年制发件数、本年废止件数、现行有效件数。",
            _ISSUED_2021,
            article="第二十条第（一）项",
        ),
        Scalar(
            "licensing",
            "行政许可",
            "第二十条第（五）项：行政许可本年处理决定数量。",
            Column("decisions", "本年处理决定数量"),
            article="第二十条第（五）项",
        ),
        Scalar(
            "penalty",
            "行政处罚",
            "第二十条第（六）项：行政处罚本年处理决定数量。",
            Column("decisions", "本年处理决定数量"),
            article="第二十条第（六）项",
        ),
        Scalar(
            "coercion",
            "行政强制",
            "第二十条第（六）项：行政强制本年处理决定数量。",
            Column("decisions", "本年处理决定数量"),
            article="第二十条第（六）项",
        ),
        Scalar(
            "fees",
            "行政事业性收费",
            "第二十条第（八）项：行政事业性收费本年收费金额，单位万元，按原表的小数位数填写。",
            Column("amount", "本年收费金额（单位：万元）", AMOUNT),
            article="第二十条第（八）项",
        ),
    ),
)

_MADE_2019 = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("public_total", "对外公开总数量"),
)
_ITEMS_2019 = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", SIGNED),
    Column("decisions", "处理决定数量"),
)
TABLE2_2019 = Table(
    "table2",
    "二、主动公开政府信息情况",
    "《条例》第二十条规定主动公开的部分信息的数量（2019 年试行格式）。",
    (
        Row(
            "regulations",
            "规章",
            "第二十条第（一）项：规章。依次为本年新制作数量、本年新公开数量、对外公开总数量。",
            _MADE_2019,
            article="第二十条第（一）项",
        ),
        Row(
            "normative_documents",
            "规范性文件",
            "第二十条第（一）项：规范性文件。依次为本年新制作数量、本年新公开数量、对外公开总数量。",
            _MADE_2019,
            article="第二十条第（一）项",
        ),
        Row(
            "licensing",
            "行政许可",
            "第二十条第（五）项：行政许可。依次为上一年项目数量、本年增/减、处理决定数量。",
            _ITEMS_2019,
            article="第二十条第（五）项",
        ),
        Row(
            "other_services",
            "其他对外管理服务事项",
            "第二十条第（五）项：其他对外管理服务事项。依次为上一年项目数量、本年增/减、处理决定数量。",
            _ITEMS_2019,
            article="第二十条第（五）项",
        ),
        Row(
            "penalty",
            "行政处罚",
            "第二十条第（六）项：行政处罚。依次为上一年项目数量、本年增/减、处理决定数量。",
            _ITEMS_2019,
            article="第二十条第（六）项",
        ),
        Row(
            "coercion",
            "行政强制",
            "第二十条第（六）项：行政强制。依次为上一年项目数量、本年增/减、处理决定数量。",
            _ITEMS_2019,
            article="第二十条第（六）项",
        ),
        Row(
            "fees",
            "行政事业性收费",
            "第二十条第（八）项：行政事业性收费（项目数，不是金额）。依次为上一年项目数量、本年增/减。",
            _ITEMS_2019[:2],
            article="第二十条第（八）项",
        ),
        Row(
            "procurement",
            "政府集中采购",
            "第二十条第（九）项：政府集中采购。依次为采购项目数量、采购总金额（单位见 procurement_unit）。",
            (Column("projects", "采购项目数量"), Column("amount", "采购总金额", AMOUNT)),
            article="第二十条第（九）项",
        ),
        Enum(
            "procurement_unit",
            "采购总金额单位",
            "原表中采购总金额的单位（2019 年格式未统一规定单位，照原表填写：元 或 万元；原表未写明时填 null）。",
            ("元", "万元"),
        ),
    ),
)

TABLES: dict[int, tuple[Table, ...]] = {
    2019: (TABLE2_2019, _table3(_OTHER_2019), TABLE4),
    2021: (TABLE2_2021, _table3(_OTHER_2021), TABLE4),
}
