-- Public sao kê search (issue 6): the accent-folded names donors allowed to be shown.
SELECT 1;
