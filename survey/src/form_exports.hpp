// What the response exports of the form tools need before ankieta's checks: the tool's own columns
// left out, LimeSurvey's multiple-choice "Y"/"" made 1/0, and incomplete LimeSurvey responses
// recognised. docs/import.md lists each rule with the tool's behaviour it follows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ankieta/survey/importer.hpp"
#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::survey {

// The tool that wrote a header: LimeSurvey when it has LimeSurvey's fixed columns (submitdate,
// lastpage, startlanguage), KoboToolbox/ODK when it has _uuid and _submission_time, else plain.
ResponseSource detect_response_source(const std::vector<std::string_view>& header);

// Whether column `name`, which no question reads, is one the tool adds to every export (LimeSurvey:
// id, submitdate, lastpage, startlanguage, seed, token, startdate, datestamp, ipaddr, refurl and
// timings; Kobo and ODK: the _-prefixed columns and __version__, XLSForm's metadata (start, end,
// today, deviceid, ...), and a select_multiple's summary column "grp/q" beside its "grp/q/choice"
// columns): such a column is skipped, not refused.
bool is_tool_column(ResponseSource source, std::string_view name, const std::vector<std::string_view>& header);

// Refuses a LimeSurvey header exported with full question texts instead of question codes.
void check_limesurvey_header(const std::string& path, const std::vector<std::string_view>& header);

// LimeSurvey writes a multiple-choice option as "Y" when ticked and "" when shown but not ticked:
// within a question where some option is "Y", the others become "0" and the "Y"s "1"; a question
// with no "Y" stays blank (not shown, or not answered). `fields` is rewritten in place; the views
// point at static text.
void recode_limesurvey_multi(const Questionnaire& questionnaire, const std::vector<int>& variable_fields,
                             std::vector<std::string_view>& fields);

}  // namespace ankieta::survey
