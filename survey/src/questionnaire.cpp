#include "ankieta/survey/questionnaire.hpp"
