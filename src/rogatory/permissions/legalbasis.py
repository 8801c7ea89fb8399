"""The legal-basis finder is public: it reads only public treaty facts."""

import rules

rules.add_perm("legalbasis.find", rules.always_allow)
