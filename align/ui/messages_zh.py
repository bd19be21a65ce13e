"""Errors in Chinese, for the page.

The parsers raise :class:`~align.errors.ParseError` in English, and the CLI prints it so. The page is
read by 专业负责人 and 教务 staff who may read no English, so it translates each problem, hint and
location with :func:`to_chinese` at its edge; the parsers never change. The other errors that reach
the page (the model, its calibration and cache, a level not found, the standards library, committee
review) are translated whole, line by line, with :func:`message_to_chinese`.

A rule is a regular expression for one English text and a Chinese template. ``{name}`` in a template
puts back what the group caught, as it was (a size, a limit, a file name, an extension, an exception
name); a group named in :data:`_PHRASE_GROUPS` catches English words (what was too large, why a file
could not be read) and is translated in turn. Text no rule matches is returned unchanged: an English
message is better than a lost one.
"""

from __future__ import annotations

import re

Rule = tuple[re.Pattern[str], str]


def _exact(english: str, chinese: str) -> Rule:
    return re.compile(re.escape(english)), chinese


def _like(pattern: str, chinese: str) -> Rule:
    return re.compile(pattern), chinese


def _said(english: str, chinese: str) -> Rule:
    """A rule written as the English message itself, ``{name}`` standing for a value (a path, a name,
    a number, an exception's own words), so the rule reads like the ``raise`` it answers."""
    pattern, seen = "", set()
    for i, part in enumerate(re.split(r"\{(\w+)\}", english)):
        if i % 2 == 0:
            pattern += re.escape(part)
        else:  # a value said twice is the same value twice
            pattern += f"(?P={part})" if part in seen else f"(?P<{part}>.+?)"
            seen.add(part)
    return re.compile(pattern), chinese


#: How a setting is named for someone who cannot change it: the server's administrator can.
_ASK_ADMIN = "；或请管理员在设置文件的 [parse] 部分调高{name}"

#: Whole problems, hints and locations, as the parsers write them.
MESSAGES: list[Rule] = [
    # -- finding and reading the file -----------------------------------------------------------
    _exact("file not found", "找不到文件"),
    _exact("check the path", "请检查文件路径"),
    _exact("is a folder, not a document", "这是一个文件夹，不是文档"),
    _exact("pass the files inside it", "请选择文件夹里的文件"),
    _exact("the folder holds no supported document", "文件夹里没有可识别的文档"),
    _exact(
        "expected .docx, .pdf, .xlsx, .csv, .md or .txt files",
        "应为 .docx、.pdf、.xlsx、.csv、.md 或 .txt 文件",
    ),
    _like(r"unsupported file type (?P<fmt>.+)", "不支持的文件类型{fmt}"),
    _exact("use .docx, .pdf, .xlsx, .csv, .md or .txt", "请使用 .docx、.pdf、.xlsx、.csv、.md 或 .txt 格式"),
    _exact("the file is empty", "文件是空的"),
    _exact("export the document again", "请重新导出文档"),
    _exact("the document is empty (no text found)", "文档是空的（没有找到文字）"),
    _exact("check that you chose the right file", "请确认选择的文件是否正确"),
    # -- a file that is not what its name says --------------------------------------------------
    # Before "not a … but …": an exception message in the parentheses may say "but".
    _like(
        r"not a readable (?P<doc>PDF|Word document|Excel workbook|CSV table) \((?P<why>.+)\)",
        "{doc}无法读取（{why}）",
    ),
    _exact("not a PDF file (no %PDF header)", "不是 PDF 文件（文件开头没有 %PDF 标记）"),
    _like(r"not a (?P<expected>.+?) but (?P<found>.+)", "这不是{expected}，而是{found}"),
    _like(
        r"open it in (?P<app>Word|Excel) or WPS and save it (?:again )?as (?P<ext>\.\w+) "
        r"\(or install LibreOffice\)",
        "请用{app}或 WPS 打开，另存为{ext}（或在服务器上安装 LibreOffice）",
    ),
    _like(
        r"open it in (?P<app>Word|Excel) or WPS and save it (?:again )?as (?P<fmt>\.\w+(?: or \.\w+)?)",
        "请用{app}或 WPS 打开，另存为{fmt}",
    ),
    _like(r"save it as (?P<fmt>.+) again", "请重新保存为{fmt}"),
    _exact("unpack it and pass the documents inside", "请先解压，再上传其中的文档"),
    _exact(
        "remove any password and save it as .docx or .xlsx (Word/WPS: 另存为)",
        "请去掉密码，用 Word 或 WPS 另存为 .docx 或 .xlsx",
    ),
    _exact(
        "the file holds binary data, not text (is it a document with the wrong name?)",
        "文件里是二进制数据，不是文字（可能是扩展名改错了的文档）",
    ),
    _exact("cannot tell the text encoding (is this a text file?)", "无法识别文字编码（这是文本文件吗？）"),
    _exact("save it as UTF-8 text, or as .docx", "请另存为 UTF-8 编码的文本，或另存为 .docx"),
    # -- Word, old Office files -----------------------------------------------------------------
    _exact("the Word document is password-protected", "这份 Word 文档设置了密码"),
    _exact("save an unprotected copy", "请另存一份不带密码的副本"),
    _exact(
        "an old Word format or a password-protected document",
        "这是旧版 Word 文件（.doc），或是设置了密码的文档",
    ),
    _exact(
        "remove the password and save it as .docx (Word/WPS: 另存为 .docx)",
        "请去掉密码，用 Word 或 WPS 另存为 .docx",
    ),
    _like(r"old (?P<ext>\.\w+) format cannot be read directly", "无法直接读取旧版{ext}格式"),
    _like(r"LibreOffice could not convert the file \((?P<why>.+)\)", "LibreOffice 无法转换这份文件（{why}）"),
    # -- PDF --------------------------------------------------------------------------------------
    _exact("the PDF is password-protected", "这份 PDF 设置了密码"),
    _exact("save a copy without a password", "请另存一份不带密码的副本"),
    _exact("export the document to PDF again", "请重新导出为 PDF"),
    _exact("export it to PDF again", "请重新导出为 PDF"),
    _exact("the PDF has no text layer (a scanned document)", "这份 PDF 没有文字层（是扫描件）"),
    _exact(
        "use the Word original, or run OCR on it first (e.g. save as searchable PDF)",
        "请上传 Word 原件，或先做文字识别（OCR）另存为可搜索的 PDF",
    ),
    _exact("the PDF has no text", "这份 PDF 里没有文字"),
    # -- limits: damaged or hostile files -------------------------------------------------------
    _like(
        r"(?P<what>.+) is (?P<value>[\d,.]+) \(the limit is (?P<limit>[\d,.]+)\)",
        "{what}为{value}，超过了上限{limit}",
    ),
    _like(
        r"(?P<todo>.+), or raise (?P<name>\w+) in the \[parse\] table of the settings file",
        "{todo}" + _ASK_ADMIN,
    ),
    _like(r"reading took longer than (?P<seconds>\S+) s \(the limit\)", "读取时间超过了{seconds}秒的上限"),
    _like(
        r"reading needs more than (?P<mb>[\d,]+) MB of memory \(the limit\); "
        r"the file may be damaged or hostile",
        "读取需要超过{mb} MB 内存（上限），文件可能已损坏或被恶意构造",
    ),
    _like(
        r"the page's content unpacks to more than (?P<mb>[\d,]+) MB \(the limit\); "
        r"the PDF may be damaged or hostile",
        "这一页的内容解压后超过{mb} MB 的上限，PDF 文件可能已损坏或被恶意构造",
    ),
    _like(
        r"the (?P<doc>.+?) unpacks to (?P<size>[\d,]+) MB \(the limit is (?P<limit>[\d,]+) MB\); "
        r"it may be a zip bomb",
        "{doc}解压后有{size} MB，超过{limit} MB 的上限，可能是恶意的“压缩炸弹”",
    ),
    _like(
        r"the (?P<doc>.+?) part (?P<part>\S+) (?P<defect>.+), which Word, Excel and WPS never write",
        "{doc}中的部件 {part} {defect}，Word、Excel 和 WPS 保存的文件不会这样",
    ),
    _exact("save the document again from Word, Excel or WPS", "请用 Word、Excel 或 WPS 重新保存文档"),
    _like(
        r"the reader stopped on this file \(exit code (?P<code>\S+)\); it is probably damaged",
        "读取这份文件时程序意外退出（退出码{code}），文件可能已损坏",
    ),
    _exact(
        "open it and save it again, or export it to PDF/.docx again",
        "请打开文件重新保存，或重新导出为 PDF 或 .docx",
    ),
    # -- what the document should hold ----------------------------------------------------------
    _exact(
        "cannot tell whether this is a standard, a syllabus (课程标准) or a training plan (人才培养方案)",
        "无法判断这份文件是职业技能等级标准、课程标准还是人才培养方案",
    ),
    _exact(
        "pass --kind standard, --kind syllabus or --kind plan",
        "请指明文件类型（--kind standard、--kind syllabus 或 --kind plan）",
    ),
    _exact("no skill requirement table found", "没有找到职业技能要求表"),
    _exact(
        "expected a table with the header 工作领域 | 工作任务 | 职业技能要求 (1+X) or "
        "职业功能 | 工作内容 | 技能要求 | 相关知识要求 (national standard)",
        "职业技能等级标准中应有表头为“工作领域 | 工作任务 | 职业技能要求”（1+X 证书标准）"
        "或“职业功能 | 工作内容 | 技能要求 | 相关知识要求”（国家职业标准）的表格",
    ),
    _like(
        r"skill point (?P<id>\S+) appears twice in level (?P<level>.+)",
        "“{level}”中技能要求编号{id}出现了两次",
    ),
    _exact(
        "each requirement of a level needs its own number; check the numbering in the standard",
        "同一等级中每条要求的编号不能重复，请检查标准中的编号",
    ),
    _said(
        "skill point {id} appears twice and no level heading was found "
        "(all requirements are read as one level, 未分级)",
        "技能要求编号{id}出现了两次，且没有找到等级标题（所有要求都按同一个等级“未分级”读取）",
    ),
    _exact(
        "put a heading naming the level (such as 初级) before each level's table, or write "
        "the level in the table's header (职业技能要求（初级）); "
        "if the standard has one level only, check its numbering",
        "请在每个等级的表格前加上写明等级的标题（如“初级”），或在表头中写明等级（如“职业技能要求（初级）”）；"
        "如果标准只有一个等级，请检查其中的编号",
    ),
    _exact(
        "a standard in CSV needs the header level,id,work_area,task,text,knowledge",
        "CSV 格式的职业技能等级标准需要表头 level,id,work_area,task,text,knowledge",
    ),
    _like(r"invalid TOML: (?P<detail>.+)", "元数据文件（TOML）格式有误：{detail}"),
    _exact("fix the metadata file next to the standard", "请修改标准文件旁的元数据文件"),
    _like(r"unknown key\(s\) (?P<keys>.+)", "元数据文件中有无法识别的项：{keys}"),
    _like(r"allowed keys: (?P<keys>.+)", "可用的项：{keys}"),
    _like(r"(?P<key>\w+) must be a list of strings", "{key}必须是字符串列表"),
    _like(r"e\.g\. (?P<example>\w+ = \[.*\])", "例如{example}"),
    _exact("no course content found", "没有找到课程内容"),
    _exact(
        "expected a 课程内容 table (教学单元 | 教学内容 | 教学要求 | 学时) or unit headings "
        "such as 项目一 / 单元1 / 第一章 followed by their content",
        "课程标准中应有“课程内容”表格（教学单元 | 教学内容 | 教学要求 | 学时），"
        "或“项目一 / 单元1 / 第一章”这样的单元标题，标题下写明教学内容",
    ),
    _exact("the course units have no content", "课程单元下没有内容"),
    _exact("write 教学内容 under each unit", "请在每个单元下写明教学内容"),
    _exact("no course table found", "没有找到课程设置表"),
    _exact(
        "a training plan needs a table with 课程名称 and 课程类型 / 学期 / 学分 / 学时 columns",
        "人才培养方案中应有一张含“课程名称”和“课程类型 / 学期 / 学分 / 学时”等列的表格",
    ),
    # -- batch runs and the command line (shown on the page only if they ever reach it) ---------
    _exact("training plan (人才培养方案) not found", "找不到人才培养方案"),
    _exact("check the plan path in the config", "请检查配置文件中人才培养方案的路径"),
    _exact(
        "none of the plan's courses has a syllabus in the college's syllabi folder",
        "人才培养方案中的课程，在学院的课程标准文件夹里都找不到对应的课程标准",
    ),
    _exact(
        "name the syllabus files after the courses (e.g. Python程序设计.docx) or list the major's syllabi",
        "请用课程名称命名课程标准文件（如 Python程序设计.docx），或在配置中列出本专业的课程标准",
    ),
    _exact("no syllabus files found", "没有找到课程标准文件"),
    _exact(
        "give .md, .docx, .pdf, .xlsx, .csv or .txt files or folders holding them",
        "请提供 .md、.docx、.pdf、.xlsx、.csv 或 .txt 文件，或包含这些文件的文件夹",
    ),
    _like(r"bad label row \((?P<detail>.+)\)", "标注数据行有误（{detail}）"),
    # -- the model, read when the first analysis starts (or while the page opens) ---------------
    # Only the server's administrator can fix these, so the page asks them; commands, paths and
    # setting names are kept for them as they are.
    _said(
        "{path}: cannot write the reports ({why}) — check the folder's permissions and free space, "
        "or write the reports to another folder",
        "服务器无法写入报告（{path}：{why}）。请管理员检查磁盘空间和文件夹权限",
    ),
    _said(
        "the shipped model is missing at {path}; rebuild it with '{build}' or use '--model tfidf'",
        "内置模型缺失（{path}）。请管理员重新构建模型（{build}），或改用 --model tfidf 启动",
    ),
    _said(
        "model folder {path} not found — give the path of a local sentence-transformers model "
        "(e.g. models/default, or a downloaded bge-small-zh-v1.5 folder), a model name already "
        "in the Hugging Face cache (e.g. BAAI/bge-small-zh-v1.5), or rebuild the default model "
        "with '{build}'",
        "找不到模型文件夹 {path}。请管理员在设置中改用本机已有的模型文件夹（如 models/default，"
        "或下载好的 bge-small-zh-v1.5 文件夹）或 Hugging Face 缓存中已有的模型名称"
        "（如 BAAI/bge-small-zh-v1.5），或重新构建默认模型（{build}）",
    ),
    _said(
        "no model folder {path} here, and no model '{model}' in the local Hugging Face cache "
        "(align never downloads models) — give the folder of a local sentence-transformers "
        "model, or on a machine with internet run 'huggingface-cli download {model} "
        "--local-dir DIR', copy DIR here and pass --model DIR",
        "本机没有模型文件夹 {path}，Hugging Face 缓存中也没有模型“{model}”（align 不会联网下载模型）。"
        "请管理员改用本机已有的模型文件夹；或在能上网的电脑上运行 "
        "huggingface-cli download {model} --local-dir DIR，把 DIR 复制到本机，再以 --model DIR 启动",
    ),
    _said(
        "{path} is not a sentence-transformers model folder (no modules.json or config.json) "
        "— give the folder that holds the model's files",
        "{path} 不是模型文件夹（没有 modules.json 或 config.json）。请管理员在设置中填写存放模型文件的文件夹",
    ),
    _said(
        "{path} holds no model files — give a complete sentence-transformers folder",
        "{path} 中没有模型文件。请管理员提供完整的模型文件夹",
    ),
    _said(
        "cannot load the static model at {path}: {detail} — rebuild it with '{build}'",
        "无法加载模型 {path}（{detail}）。请管理员重新构建模型（{build}）",
    ),
    _said(
        "cannot load the sentence-transformers model at {path}: {detail} — check that the folder "
        "is a complete model (modules.json, config files and weights), or rebuild the default "
        "model with '{build}'",
        "无法加载模型 {path}（{detail}）。"
        "请管理员检查模型文件夹是否完整（modules.json、配置文件和权重文件），或重新构建默认模型（{build}）",
    ),
    _said(
        "unknown encoder '{kind}': choose one of {kinds}",
        "无法识别的编码器“{kind}”，可选：{kinds}",
    ),
    _said(
        "{path}: unreadable calibration ({detail}); rebuild it with '{command}'",
        "{path}：校准文件无法读取（{detail}）。请管理员重新校准（{command}）",
    ),
    _said(
        "{path}: the '{key}' calibration was fitted for model {old}, but the model is now {new} "
        "— refit it with '{command}', or set calibrated = false under [match] to decide with "
        "plain thresholds",
        "{path}：校准（{key}）是为模型 {old} 拟合的，当前模型已是 {new}。请管理员重新校准（{command}），"
        "或在设置文件的 [match] 部分设 calibrated = false，改用固定阈值判定",
    ),
    _said(
        "embedding cache {path} cannot be opened ({detail}) — delete the file or choose another "
        "cache folder (ALIGN_CACHE_DIR) or run with --no-cache",
        "无法打开向量缓存 {path}（{detail}）。请管理员删除该文件，或换一个缓存文件夹（ALIGN_CACHE_DIR），"
        "或以 --no-cache 启动",
    ),
    _said(
        "lexicon {path} cannot be read ({why}) — fix the lexicons path in the settings file, or "
        "save the lexicon as UTF-8 text",
        "无法读取领域词表 {path}（{why}）。请管理员在设置文件中改正 lexicons 的路径，"
        "或把词表另存为 UTF-8 文本",
    ),
    # -- the analysis: a level typed into 等级 that the standard does not have -----------------
    _said(
        "{source}: level '{wanted}' not found in {name}; its levels are: none",
        "{source}：“{name}”中没有“{wanted}”这一等级（这份标准没有划分等级）",
    ),
    _said(
        "{source}: level '{wanted}' not found in {name}; its levels are: {names}",
        "{source}：“{name}”中没有“{wanted}”这一等级；可选的等级：{names}",
    ),
    # -- the standards library (its index is also read when the page is built, by the CLI) -------
    _said(
        "{path}: the standards library index is damaged ({detail}); fix or delete it",
        "{path}：标准库的索引文件已损坏（{detail}）。请管理员修复或删除该文件",
    ),
    # -- committee review ---------------------------------------------------------------------
    _said(
        "the chosen point is not in this report; run the analysis again",
        "所选的职业技能要求不在本次分析结果中，请重新点击“开始分析”",
    ),
    _exact("请填写审核人姓名 (a decision needs the reviewer's name)", "请填写审核人姓名"),
    _exact(
        "请填写审核人姓名 (withdrawing a decision needs the reviewer's name)",
        "请填写审核人姓名（撤销审核意见也需要署名）",
    ),
    _said(
        "unknown decision '{decision}'; expected one of {decisions}",
        "无法识别的审核结论“{decision}”，请重新选择审核结论",
    ),
    # The page's own words for the statuses, not their codes (covered, partial, gap).
    _said(
        "请选择审核后的状态 (status must be one of {statuses})",
        "请选择审核后状态（覆盖、部分覆盖或缺口）",
    ),
    _said(
        "decision {id} does not exist (it may have been withdrawn)",
        "审核意见 #{id} 已不存在（可能已被撤销）",
    ),
    # -- a file that is not what its name says (sniff.py / read.py) --------------------------------
    _exact("rename it to .txt", "请把扩展名改为 .txt"),
    _exact(
        "rename it to .csv if it is a table, else to .txt", "如果是表格，请把扩展名改为 .csv，否则改为 .txt"
    ),
    # -- a standard's tables (standard.py) ---------------------------------------------------------
    _exact("the skill requirement tables hold no requirements", "技能要求表格里没有任何要求"),
    _exact("fill in the 职业技能要求 of each level", "请填写每个等级的职业技能要求"),
    _said(
        "no requirement text column: the columns are {columns}",
        "没有职业技能要求（text）列：现有的列为 {columns}",
    ),
    _said(
        "no 编号 (id), 工作领域 (work_area) or 工作任务 (task) column: the columns are {columns}",
        "没有编号（id）、工作领域（work_area）或工作任务（task）列：现有的列为 {columns}",
    ),
    _exact(
        "add a 职业技能要求 (text) column holding each requirement; a standard in CSV or Excel has the "
        "header level,id,work_area,task,text,knowledge",
        "请添加一列“职业技能要求”（text），每行写一条要求；CSV 或 Excel 格式的标准表头为 "
        "level,id,work_area,task,text,knowledge",
    ),
    _exact(
        "add the requirements' numbers (id) or their 工作领域 and 工作任务; a standard in CSV or Excel has "
        "the header level,id,work_area,task,text,knowledge",
        "请添加每条要求的编号（id），或其工作领域和工作任务；CSV 或 Excel 格式的标准表头为 "
        "level,id,work_area,task,text,knowledge",
    ),
    # -- the wrong kind of document (parse/__init__.py: WrongKindError and warnings) ----------------
    _like(
        r"this is an? [a-z ]+ \((?P<found>[^()]+)\), not an? [a-z ]+ \((?P<wanted>[^()]+)\); "
        r"it is left out of the syllabi",
        "这是{found}，不是{wanted}，已从课程标准中略去",
    ),
    _like(
        r"this is an? [a-z ]+ \((?P<found>[^()]+)\), not an? [a-z ]+ \((?P<wanted>[^()]+)\)",
        "这是{found}，不是{wanted}",
    ),
    _like(
        r"looks like an? [a-z ]+ \((?P<found>[^()]+)\), but is read as an? [a-z ]+ \((?P<kind>[^()]+)\)",
        "看起来是{found}，但已按{kind}读取",
    ),
    _like(r"if it is not one, (?P<todo>.+)", "如果它不是，{todo}"),
    _exact(
        "give it with --standard, not among the syllabi", "请把它作为职业技能等级标准上传，不要放在课程标准中"
    ),
    _exact("give it with --syllabi, not as a standard", "请把它作为课程标准上传，不要作为职业技能等级标准"),
    _exact(
        "leave it out here (align batch reads a training plan as a major's plan)",
        "这里不需要人才培养方案（批量分析时可作为专业的人才培养方案）",
    ),
    # -- warnings: what a standard's parser left out (standard.py) ----------------------------------
    _said(
        "skill point {id} of level {level} has a number but no text; the point is left out",
        "{level}的技能要求 {id} 只有编号、没有内容，已略去",
    ),
    _exact("fill in its text in the standard", "请在标准中补全这条要求的内容"),
    _said(
        "level {level} has no skill points (its requirement table is empty); the level is left out",
        "{level}没有技能要求（要求表格是空的），已略去该等级",
    ),
    _said(
        "level {level} has no skill points (no requirement table follows it); the level is left out",
        "{level}没有技能要求（标题下没有要求表格），已略去该等级",
    ),
    _exact("fill in the level's requirements in the standard", "请在标准中补全该等级的技能要求"),
    _said(
        "the table's header names level {header} but the level above the table is {caption}; "
        "its skill points are read as level {caption}",
        "表头写的等级是{header}，表格上方的等级是{caption}，二者不一致；已按{caption}读取其中的技能要求",
    ),
    _exact(
        "make the level heading and the table's header name the same level",
        "请让等级标题与表头写明同一个等级",
    ),
    # -- warnings: what a syllabus's parser left out (syllabus.py) ---------------------------------
    _exact(
        "this practical-training section has no units align can read; its content is left out",
        "这一节是实践教学内容，但其中没有能识别的教学单元，已略去",
    ),
    _exact(
        "write it as a table (实训项目 | 实训内容 | 学时) or as unit headings such as "
        "实训一 / 项目一 followed by their content",
        "请写成表格（实训项目 | 实训内容 | 学时），或写成“实训一 / 项目一”这样的单元标题，标题下写明实训内容",
    ),
    # -- warnings: a course given twice (duplicates.py) ---------------------------------------------
    _said(
        "an identical copy of {other} (course {course}); the course is read once, from {kept}",
        "与 {other}（课程 {course}）完全相同；该课程只计一次，以 {kept} 为准",
    ),
    _said(
        "the same course with the same content as {other} (course {course}); "
        "the course is read once, from {kept}",
        "与 {other}（课程 {course}）是同一门课程、内容相同；该课程只计一次，以 {kept} 为准",
    ),
    _exact("remove one of the two files", "请删除其中一个文件"),
    _said(
        "the course {course} is also in {other}, with different content; both are read",
        "课程 {course} 也出现在 {other} 中，但内容不同；两份都已计入",
    ),
    _exact(
        "remove the one that is out of date, or give each course its own name",
        "请删除过时的一份，或为每门课程使用不同的名称",
    ),
    _said(
        "the same content as {other} (course {course}) under another course name ({name}); both are read",
        "与 {other}（课程 {course}）内容相同，但课程名称不同（{name}）；两份都已计入",
    ),
    _exact("remove the copy, or write its own content", "请删除复制的一份，或为它编写自己的内容"),
    # -- a batch major's files (batch/job.py) ------------------------------------------------------
    _exact("none of the major's files is a syllabus (课程标准)", "该专业的文件中没有课程标准"),
    _exact("list the major's syllabi (课程标准) in the batch config", "请在批量配置中列出该专业的课程标准"),
    # -- locations ------------------------------------------------------------------------------
    _like(r"page (?P<n>\d+)", "第{n}页"),
    _like(r"line (?P<n>\d+)", "第{n}行"),
    _like(r"table (?P<n>\d+)", "第{n}个表格"),
    _like(r"table (?P<t>\d+), row (?P<r>\d+)", "第{t}个表格第{r}行"),
    _like(r"section (?P<title>.+)", "“{title}”一节"),
]

#: English words caught inside a message: what was too large, why a file could not be read, the
#: kind of a file. Looked up before :data:`MESSAGES`, which also serve as phrases (a hint inside
#: a hint).
PHRASES: list[Rule] = [
    # the kind a file really is, when its name says another (sniff.py)
    _exact("Word document (.doc)", "Word 文档（.doc）"),
    _exact("WPS document (.wps)", "WPS 文档（.wps）"),
    _exact("Excel workbook (.xls)", "Excel 工作簿（.xls）"),
    _exact("WPS spreadsheet (.et)", "WPS 表格（.et）"),
    _exact("RTF document saved under another name", "以其他扩展名保存的 RTF 文档"),
    _exact("rtf", "RTF 文档"),  # beside "html", "zip" … (the reader's own names for formats)
    # why a file could not be read (the operating system's words for the common cases)
    _exact("not UTF-8 text", "不是 UTF-8 文本"),
    _exact("No such file or directory", "文件不存在"),
    _exact("Permission denied", "没有读取权限"),
    _exact("Is a directory", "这是一个文件夹，不是文件"),
    # what a limit measures
    _exact("the file size in MB", "文件大小（MB）"),
    _exact("the file size in bytes", "文件大小（字节）"),
    _exact("the number of pages", "页数"),
    _exact("the number of characters", "字符数"),
    _exact("the number of characters on one page", "单页的字符数"),
    _exact("the length of one line in characters", "单行的字符数"),
    _exact("the length of one paragraph or cell in characters", "单个段落或单元格的字符数"),
    _exact("the number of cells of one table", "单个表格的单元格数"),
    _like(
        r"the number of cells of the table in sheet (?P<sheet>.+) "
        r"\((?P<rows>[\d,]+) rows × (?P<cols>[\d,]+) columns\)",
        "工作表“{sheet}”中表格的单元格数（{rows} 行 × {cols} 列）",
    ),
    _like(r"the number of merged cells in (?P<part>.+)", "{part} 中合并单元格的数量"),
    _like(r"the number of parts in the (?P<doc>.+)", "{doc}内部的部件数"),
    # kinds of file
    _exact("PDF", "PDF 文件"),
    _exact("PDF file", "PDF 文件"),
    _exact("Word document", "Word 文档"),
    _exact("Word document (.docx)", "Word 文档（.docx）"),
    _exact("Excel workbook", "Excel 工作簿"),
    _exact("Excel workbook (.xlsx)", "Excel 工作簿（.xlsx）"),
    _exact("CSV table", "CSV 表格"),
    _exact("text file", "文本文件"),
    _exact("web page (HTML/MHT) saved under a document name", "以文档名保存的网页（HTML/MHT）"),
    _exact("zip archive", "zip 压缩包"),
    _exact(
        "old Office file (.doc/.xls) or a password-protected document",
        "旧版 Office 文件（.doc/.xls）或设置了密码的文档",
    ),
    # the reader's own names for formats, should one ever be shown
    _exact("pdf", "PDF 文件"),
    _exact("docx", "Word 文档"),
    _exact("xlsx", "Excel 工作簿"),
    _exact("csv", "CSV 文件"),
    _exact("text", "文本文件"),
    _exact("old", "旧版 Office 文件"),
    _exact("zip", "zip 压缩包"),
    _exact("ole", "旧版 Office 文件或设置了密码的文档"),
    _exact("html", "网页"),
    _exact("(no extension)", "（无扩展名）"),
    _exact("supported format", "支持的格式"),
    _like(r"(?P<one>\.\w+) or (?P<other>\.\w+)", "{one}或{other}"),
    # why a file could not be read
    _exact("damaged archive", "压缩结构已损坏"),
    _like(r"damaged part (?P<part>.+)", "内部部件{part}已损坏"),
    _exact("not a .docx archive", "不是 .docx 文件"),
    _exact("nested too deeply", "结构嵌套过深"),
    _exact("damaged or not a document?", "文件可能已损坏，或者不是文档"),
    _like(r"field larger than field limit \((?P<n>\d+)\)", "有单元格超过{n}个字符的上限"),
    # what is wrong with a part of a Word or Excel file
    _exact("declares XML entities (a document type declaration)", "声明了 XML 实体（文档类型声明）"),
    _exact("carries a document type declaration", "带有文档类型声明（DOCTYPE）"),
    _exact("has an XML part whose content starts only after 64 KB", "的 XML 内容在 64 KB 之后才开始"),
    # what to do before raising a limit
    _exact("split the document", "请把文档拆分成几份"),
    _exact("check the file (is it damaged?), split it", "请检查文件是否损坏，或把它拆分成几份"),
    _exact("check the file, split it", "请检查文件，或把它拆分成几份"),
    _exact("save the document again from Word/Excel/WPS", "请用 Word、Excel 或 WPS 重新保存文档"),
]

#: Groups that catch English words to translate; every other group is a value kept as it is.
_PHRASE_GROUPS = frozenset({"what", "why", "doc", "expected", "found", "defect", "todo", "fmt"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ARTICLE = re.compile(r"^(?:a|an) ")


def to_chinese(text: str) -> str:
    """A parse error's problem, hint or location in Chinese; ``text`` itself when no rule knows it."""
    return _translate(text.strip(), MESSAGES) or text


def message_to_chinese(message: str) -> str:
    """An error's whole message for the page, line by line (a message may list one problem a line;
    lines already in Chinese, or unknown, pass unchanged)."""
    return "\n".join(to_chinese(line) for line in message.splitlines())


def _translate(text: str, rules: list[Rule]) -> str | None:
    for pattern, template in rules:
        match = pattern.fullmatch(text)
        if match:
            return _fill(template, match)
    return None


def _phrase(words: str) -> str:
    """English words caught inside a message, in Chinese (unchanged when unknown)."""
    for candidate in (words, _ARTICLE.sub("", words)):
        found = _translate(candidate, PHRASES) or _translate(candidate, MESSAGES)
        if found:
            return found
    return words


def _fill(template: str, match: re.Match[str]) -> str:
    def put(placeholder: re.Match[str]) -> str:
        name = placeholder[1]
        value = match[name] or ""
        if name in _PHRASE_GROUPS:
            value = _phrase(value)
        before = template[placeholder.start() - 1 : placeholder.start()]
        after = template[placeholder.end() : placeholder.end() + 1]
        return _spaced(before, value, after)

    return _PLACEHOLDER.sub(put, template)


def _is_hanzi(char: str) -> bool:
    return bool(char) and ("\u3400" <= char <= "\u9fff")


def _is_latin(char: str) -> bool:
    return char.isascii() and not char.isspace()


def _spaced(before: str, value: str, after: str) -> str:
    """A space between a Chinese character and a number or Latin word, as the page writes them
    (“超过 200 MB”); none beside Chinese punctuation (“（BadZipFile）”, “文件大小（MB）为”)."""
    if not value:
        return value
    if _is_hanzi(before) and _is_latin(value[0]):
        value = " " + value
    if _is_hanzi(after) and _is_latin(value[-1]):
        value += " "
    return value


# -- server paths -----------------------------------------------------------------------------------

_PATH_PART = r"[^\s/\\：:，,；;（）()“”\"'《》、]+"
#: An absolute path on the server (POSIX, in the home folder, or Windows): a slash that starts a word
#: (not the one in "HTML/MHT", ".doc/.xls" or a URL), at least one folder, then a name.
_SERVER_PATH = re.compile(
    rf"(?<![\w.~/\\:])(?:~|[A-Za-z]:)?[/\\](?:{_PATH_PART}[/\\])+(?P<name>{_PATH_PART})"
)


def without_server_paths(text: str) -> str:
    """``text`` with every server path cut to its last part (``/srv/align/models/bge`` → ``bge``).

    The page is read by anyone who may upload, who has no business knowing the server's folders; the
    name is enough to tell a file or a model apart, and the server's log keeps the whole message.
    """
    return _SERVER_PATH.sub(lambda m: m["name"], text)


# -- Gradio's own upload messages -------------------------------------------------------------------

#: What Gradio's browser client says when an upload is refused. It writes these in English whatever the
#: browser's language, and they pass through no translation key that ``gr.I18n`` could fill (the file
#: names and the size are part of the text), so the page rewrites them where they are shown (see
#: :func:`align.ui.page.client_messages_script`). Each rule is a JavaScript regular expression (also
#: valid in Python, for the tests) and its Chinese: ``$1`` puts back a group, ``{limit}`` the size
#: limit in MB. A message no rule matches stays as Gradio wrote it.
CLIENT_MESSAGES: list[tuple[str, str]] = [
    # @gradio/client, before uploading: `File(s) exceed the maximum allowed size of ${size}: "a", "b"`
    (
        r"^File\(s\) exceed the maximum allowed size of [^:]*: ([\s\S]+)$",
        "文件超过 {limit} MB 的上限，未能上传：$1。请压缩或拆分后再上传",
    ),
    # the server's refusal, when a client skips that check: `HTTP 413: {"detail": "File size exceeded …"}`
    (r"^HTTP 413: [\s\S]*$", "文件超过 {limit} MB 的上限，未能上传。请压缩或拆分后再上传"),
    # the server's multipart parser: `HTTP 400: {"detail": "Too many files. Maximum number of …"}`
    (
        r"^HTTP 400: [\s\S]*Too many files[\s\S]*$",
        "一次选择的文件太多，未能上传。请分批上传，或打包为 zip 后上传",
    ),
    # the upload box, for a type it does not take: `Invalid file types: a.exe. Only .docx, … allowed.`
    (
        r"^Invalid file types?: ([\s\S]+)\. Only ([\s\S]+) allowed\.$",
        "不支持的文件类型：$1。只能上传 $2 文件",
    ),
    # the page, when the server stops answering (a restart): it reloads itself once it is back
    (
        r"^Connection to the server was lost\. Attempting reconnection\.\.\.$",
        "与服务器的连接已中断，正在重新连接……（连上后本页会自动刷新，未保存的内容将丢失）",
    ),
]
