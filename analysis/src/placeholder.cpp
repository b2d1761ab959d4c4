namespace ankieta::analysis {}
