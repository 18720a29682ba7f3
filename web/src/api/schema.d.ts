// Generated from /openapi.json by dev/webBuild.ts (npm run build:web). Do not edit.
export interface paths {
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format); no key needed, like /healthz */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text format 0.0.4 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: ok when the database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL and Temporal both answer (each within 2 s) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ready: boolean;
                            postgres: "ok" | {
                                error: string;
                            };
                            temporal: "ok" | {
                                error: string;
                            };
                        };
                    };
                };
                /** @description a part does not answer; which one, and why */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ready: boolean;
                            postgres: "ok" | {
                                error: string;
                            };
                            temporal: "ok" | {
                                error: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List alerts, newest first
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    status?: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                    owner?: string;
                    severity?: "critical" | "high" | "medium" | "low";
                    category?: "onboarding" | "renewal" | "expansion" | "risk";
                    account?: string;
                    rule?: string;
                    /** @description rows per page, at most 200 */
                    limit?: number;
                    /** @description an id: only alerts older than it (the previous page's nextBefore) */
                    before?: number;
                    /** @description "list" (default): what a list shows, without evidence and payload; "full": each item also carries runId, evidence, payload and dismissNote, as GET /alerts/:id does */
                    view?: "list" | "full";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                workflowId: string;
                                ruleKey: string;
                                ruleVersion: number | null;
                                accountId: string;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                /** @enum {string} */
                                category: "onboarding" | "renewal" | "expansion" | "risk";
                                title: string;
                                /** @enum {string} */
                                status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                                ownerId: string | null;
                                escalationLevel: number;
                                reconfirmedCount: number;
                                firedAt: string | null;
                                notifiedAt: string | null;
                                acknowledgedAt: string | null;
                                snoozedUntil: string | null;
                                closedAt: string | null;
                                dismissReason: ("false_positive" | "already_handled" | "not_relevant" | "other") | null;
                                outcome: ("expansion_won" | "churn_prevented" | "renewal_secured" | "no_action_needed" | "customer_churned" | "other") | null;
                                outcomeValueCents: number | null;
                                outcomeValueDefaulted: boolean;
                                accountName: string;
                                /** @description the payload's "what", cut at 160 characters (ending "…" when cut) */
                                summary: string;
                                runId?: string;
                                evidence?: {
                                    [key: string]: unknown;
                                };
                                payload?: {
                                    what: string;
                                    significance: string;
                                    affected: string;
                                    action: string;
                                    dueBy: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                dismissNote?: string | null;
                            }[];
                            /** @description pass as `before` for the next page; null on the last page */
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Fire an alert (deduplicated per rule and account)
         * @description 201 for a new alert; 200 with the open alert's id when one is open ("reconfirmed") or cooling down ("cooldown").
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description a key of your choosing: a retry with the same key and request gets the first answer again, and acts once */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ruleKey: string;
                        ruleVersion?: number;
                        accountId: string;
                        /** @enum {string} */
                        severity: "critical" | "high" | "medium" | "low";
                        /** @enum {string} */
                        category: "onboarding" | "renewal" | "expansion" | "risk";
                        title: string;
                        evidence: {
                            [key: string]: unknown;
                        };
                        payload: {
                            what: string;
                            significance: string;
                            affected: string;
                            action: string;
                            dueBy: string;
                        };
                        cooldown?: string;
                        /** @enum {string} */
                        routeTo?: "csm" | "ae";
                        /** @enum {string} */
                        audience?: "internal" | "customer" | "both";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                            /** @description true when an open or cooling-down alert answered instead of a new one */
                            deduplicated: boolean;
                            reason: ("reconfirmed" | "cooldown") | null;
                            /** @description with reason "cooldown": when the rule may fire again for this account */
                            quietUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                            /** @description true when an open or cooling-down alert answered instead of a new one */
                            deduplicated: boolean;
                            reason: ("reconfirmed" | "cooldown") | null;
                            /** @description with reason "cooldown": when the rule may fire again for this account */
                            quietUntil: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An alert and its timeline
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            workflowId: string;
                            runId: string;
                            ruleKey: string;
                            ruleVersion: number | null;
                            accountId: string;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            /** @enum {string} */
                            category: "onboarding" | "renewal" | "expansion" | "risk";
                            title: string;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                            ownerId: string | null;
                            evidence: {
                                [key: string]: unknown;
                            };
                            payload: {
                                what: string;
                                significance: string;
                                affected: string;
                                action: string;
                                dueBy: string;
                            } & {
                                [key: string]: unknown;
                            };
                            escalationLevel: number;
                            reconfirmedCount: number;
                            firedAt: string | null;
                            notifiedAt: string | null;
                            acknowledgedAt: string | null;
                            snoozedUntil: string | null;
                            closedAt: string | null;
                            dismissReason: ("false_positive" | "already_handled" | "not_relevant" | "other") | null;
                            dismissNote: string | null;
                            outcome: ("expansion_won" | "churn_prevented" | "renewal_secured" | "no_action_needed" | "customer_churned" | "other") | null;
                            outcomeValueCents: number | null;
                            outcomeValueDefaulted: boolean;
                            /** @description the evidence in words, one sentence per condition (as the email says it) */
                            evidenceText: string[];
                            /** @description the severity and why: "High: raised from medium (renews within 90 days)" */
                            severityText: string;
                            /** @description which metric the evidence is about, and its baseline or threshold line */
                            chart: {
                                /** @description the daily series of GET /accounts/:id to draw */
                                field: string;
                                label: string;
                                reference: {
                                    value: number;
                                    label: string;
                                } | null;
                            };
                            timeline: {
                                type: string;
                                at: string | null;
                                actor: string;
                                data: unknown;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/{id}/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge an alert
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dismiss an alert with a reason
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        reasonCode: "false_positive" | "already_handled" | "not_relevant" | "other";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/{id}/snooze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Snooze an alert until a time in the future
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        until: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/{id}/outcome": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record an alert's outcome (closes it)
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "expansion_won" | "churn_prevented" | "renewal_secured" | "no_action_needed" | "customer_churned" | "other";
                        valueCents?: number;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Correct a recorded outcome (value, outcome or note)
         * @description Roles: admin, csm, manager.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome?: "expansion_won" | "churn_prevented" | "renewal_secured" | "no_action_needed" | "customer_churned" | "other";
                        valueCents?: number;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            workflowId: string;
                            runId: string;
                            ruleKey: string;
                            ruleVersion: number | null;
                            accountId: string;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            /** @enum {string} */
                            category: "onboarding" | "renewal" | "expansion" | "risk";
                            title: string;
                            /** @enum {string} */
                            status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                            ownerId: string | null;
                            evidence: {
                                [key: string]: unknown;
                            };
                            payload: {
                                what: string;
                                significance: string;
                                affected: string;
                                action: string;
                                dueBy: string;
                            } & {
                                [key: string]: unknown;
                            };
                            escalationLevel: number;
                            reconfirmedCount: number;
                            firedAt: string | null;
                            notifiedAt: string | null;
                            acknowledgedAt: string | null;
                            snoozedUntil: string | null;
                            closedAt: string | null;
                            dismissReason: ("false_positive" | "already_handled" | "not_relevant" | "other") | null;
                            dismissNote: string | null;
                            outcome: ("expansion_won" | "churn_prevented" | "renewal_secured" | "no_action_needed" | "customer_churned" | "other") | null;
                            outcomeValueCents: number | null;
                            outcomeValueDefaulted: boolean;
                            /** @description the evidence in words, one sentence per condition (as the email says it) */
                            evidenceText: string[];
                            /** @description the severity and why: "High: raised from medium (renews within 90 days)" */
                            severityText: string;
                            /** @description which metric the evidence is about, and its baseline or threshold line */
                            chart: {
                                /** @description the daily series of GET /accounts/:id to draw */
                                field: string;
                                label: string;
                                reference: {
                                    value: number;
                                    label: string;
                                } | null;
                            };
                            timeline: {
                                type: string;
                                at: string | null;
                                actor: string;
                                data: unknown;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/alerts/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a note to an alert's timeline
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            at: string | null;
                            actor: string;
                            data: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/escalation-policies/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An escalation policy
         * @description Roles: admin, csm, manager.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ackSla: {
                                critical: string | null;
                                high: string | null;
                                medium: string | null;
                                low: string | null;
                            };
                            escalationLevels: number;
                            escalationInterval: {
                                critical: string | null;
                                high: string | null;
                                medium: string | null;
                                low: string | null;
                            };
                            maxSuppressionHold: string;
                            expireAfter: string;
                            defaultCooldown: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        /**
         * Replace an escalation policy (alerts fired later use it)
         * @description Roles: admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ackSla: {
                            critical: string | null;
                            high: string | null;
                            medium: string | null;
                            low: string | null;
                        };
                        escalationLevels: number;
                        escalationInterval: {
                            critical: string | null;
                            high: string | null;
                            medium: string | null;
                            low: string | null;
                        };
                        maxSuppressionHold: string;
                        expireAfter: string;
                        defaultCooldown: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ackSla: {
                                critical: string | null;
                                high: string | null;
                                medium: string | null;
                                low: string | null;
                            };
                            escalationLevels: number;
                            escalationInterval: {
                                critical: string | null;
                                high: string | null;
                                medium: string | null;
                                low: string | null;
                            };
                            maxSuppressionHold: string;
                            expireAfter: string;
                            defaultCooldown: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/actions/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The confirmation page of an email action link (looking changes nothing) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the signed action token from the email */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description a form that confirms the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description the link is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description the link was used or has expired */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        /** Perform an email action link's action (once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the signed action token from the email */
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        /**
                         * @description dismiss links
                         * @enum {string}
                         */
                        reasonCode?: "false_positive" | "already_handled" | "not_relevant" | "other";
                        /** @description dismiss links; required for reasonCode "other" */
                        note?: string;
                        /**
                         * @description snooze links
                         * @enum {string}
                         */
                        for?: "4h" | "1d" | "3d" | "7d";
                    };
                };
            };
            responses: {
                /** @description the action was taken */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description the link is not valid, or the form misses a field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description the alert's status does not allow the action */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description the link was used or has expired */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description too many attempts from this address; try again after Retry-After seconds */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description something failed on our side; nothing changed and the link still works */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description the alert service did not answer in time; the action may not have taken effect, and the link still works (Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accounts with their metrics and health
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    owner?: string;
                    segment?: string;
                    tier?: string;
                    healthBand?: "expansion_ready" | "healthy" | "developing" | "at_risk";
                    asOf?: string;
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description an account id: only accounts after it, by id (the previous page's nextAfter) */
                    after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asOf: string;
                            items: {
                                id: string;
                                name: string;
                                ownerId: string | null;
                                aeId: string | null;
                                segment: string | null;
                                tier: string | null;
                                plan: string | null;
                                seatLimit: number | null;
                                arrCents: number | null;
                                /** @description YYYY-MM-DD */
                                renewalDate: string | null;
                                apiLimit: number | null;
                                storageLimit: number | null;
                                onboardingStage: string | null;
                                onboardingStageSince: string | null;
                                /** @description YYYY-MM-DD */
                                signupDate: string | null;
                                traits: {
                                    [key: string]: unknown;
                                };
                                updatedAt: string | null;
                                metrics: {
                                    asOf: string;
                                    seatsUsed: number;
                                    seatUtilization: number | null;
                                    dau: number;
                                    wau: number;
                                    mau: number;
                                    logins30d: number;
                                    daysSinceLastLogin: number | null;
                                    featureBreadth: number;
                                    depth: number;
                                    /** @description the Usage Health Score, 0–100 */
                                    healthScore: number;
                                    /** @enum {string} */
                                    healthBand: "expansion_ready" | "healthy" | "developing" | "at_risk";
                                    apiCalls30d: number;
                                    apiUtilization: number | null;
                                    storageUsed: number | null;
                                    storageUtilization: number | null;
                                    featuresUsed30d: number;
                                    totalFeatures: number;
                                    windows: {
                                        "7d": {
                                            logins: number;
                                            events: number;
                                            sessionMinutes: number;
                                            apiCalls: number;
                                            totalActions: number;
                                            avgDailyActiveUsers: number;
                                        };
                                        "30d": {
                                            logins: number;
                                            events: number;
                                            sessionMinutes: number;
                                            apiCalls: number;
                                            totalActions: number;
                                            avgDailyActiveUsers: number;
                                        };
                                        "90d": {
                                            logins: number;
                                            events: number;
                                            sessionMinutes: number;
                                            apiCalls: number;
                                            totalActions: number;
                                            avgDailyActiveUsers: number;
                                        };
                                    };
                                };
                            }[];
                            /** @description pass as `after` for the next page; null on the last page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account with its usage as of a day: metrics, 90-day series, power users
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    /** @description a UTC day; today when absent */
                    asOf?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            ownerId: string | null;
                            aeId: string | null;
                            segment: string | null;
                            tier: string | null;
                            plan: string | null;
                            seatLimit: number | null;
                            arrCents: number | null;
                            /** @description YYYY-MM-DD */
                            renewalDate: string | null;
                            apiLimit: number | null;
                            storageLimit: number | null;
                            onboardingStage: string | null;
                            onboardingStageSince: string | null;
                            /** @description YYYY-MM-DD */
                            signupDate: string | null;
                            traits: {
                                [key: string]: unknown;
                            };
                            updatedAt: string | null;
                            metrics: {
                                asOf: string;
                                seatsUsed: number;
                                seatUtilization: number | null;
                                dau: number;
                                wau: number;
                                mau: number;
                                logins30d: number;
                                daysSinceLastLogin: number | null;
                                featureBreadth: number;
                                depth: number;
                                /** @description the Usage Health Score, 0–100 */
                                healthScore: number;
                                /** @enum {string} */
                                healthBand: "expansion_ready" | "healthy" | "developing" | "at_risk";
                                apiCalls30d: number;
                                apiUtilization: number | null;
                                storageUsed: number | null;
                                storageUtilization: number | null;
                                featuresUsed30d: number;
                                totalFeatures: number;
                                windows: {
                                    "7d": {
                                        logins: number;
                                        events: number;
                                        sessionMinutes: number;
                                        apiCalls: number;
                                        totalActions: number;
                                        avgDailyActiveUsers: number;
                                    };
                                    "30d": {
                                        logins: number;
                                        events: number;
                                        sessionMinutes: number;
                                        apiCalls: number;
                                        totalActions: number;
                                        avgDailyActiveUsers: number;
                                    };
                                    "90d": {
                                        logins: number;
                                        events: number;
                                        sessionMinutes: number;
                                        apiCalls: number;
                                        totalActions: number;
                                        avgDailyActiveUsers: number;
                                    };
                                };
                            };
                            /** @description the 90 days ending asOf, one entry a day */
                            series: ({
                                day: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            powerUsers: ({
                                id: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description the health band over the 90 days, one entry per run of days in a band, oldest first: each entry after the first is a band change */
                            healthBands: {
                                /** @enum {string} */
                                band: "expansion_ready" | "healthy" | "developing" | "at_risk";
                                /** @description first day in the band (UTC) */
                                from: string;
                                /** @description last day in the band */
                                to: string;
                                /** @description the Usage Health Score on the last day */
                                score: number;
                            }[];
                            /** @description the account's support tickets, open ones first, then the most recently opened (at most 50) */
                            tickets: {
                                id: string;
                                accountId: string;
                                priority: string;
                                /** @enum {string} */
                                status: "open" | "closed";
                                subject: string | null;
                                openedAt: string | null;
                                closedAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        /**
         * Create or update an account (fields not given are left alone)
         * @description Roles: admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        ownerId?: string | null;
                        aeId?: string | null;
                        segment?: string | null;
                        tier?: string | null;
                        plan?: string | null;
                        seatLimit?: number | null;
                        arrCents?: number | null;
                        renewalDate?: string | null;
                        onboardingStage?: string | null;
                        traits?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            ownerId: string | null;
                            aeId: string | null;
                            segment: string | null;
                            tier: string | null;
                            plan: string | null;
                            seatLimit: number | null;
                            arrCents: number | null;
                            /** @description YYYY-MM-DD */
                            renewalDate: string | null;
                            apiLimit: number | null;
                            storageLimit: number | null;
                            onboardingStage: string | null;
                            onboardingStageSince: string | null;
                            /** @description YYYY-MM-DD */
                            signupDate: string | null;
                            traits: {
                                [key: string]: unknown;
                            };
                            updatedAt: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}/touchpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's touchpoints, newest first
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description a touchpoint id: only touchpoints listed after it, newest first (the previous page's nextBefore) */
                    before?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                accountId: string;
                                /** @enum {string} */
                                kind: "qbr" | "meeting" | "call" | "email" | "other";
                                occurredAt: string | null;
                                recordedBy: string | null;
                                note: string | null;
                                source: string;
                                externalId: string | null;
                                createdAt: string | null;
                            }[];
                            /** @description pass as `before` for the next page; null on the last page */
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upsert account facts from NDJSON or CSV
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description NDJSON (one JSON object a line) or CSV with a header row */
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                    "application/ndjson": string;
                    "application/jsonl": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description a content type this route does not read */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unsupported_media_type";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team-members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Create or replace a team member
         * @description Roles: admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** Format: email */
                        email: string;
                        role: string;
                        managerId?: string | null;
                        timezone?: string | null;
                        workingHours?: {
                            start: string;
                            end: string;
                            days: number[];
                        } | null;
                        outOfOffice?: {
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            until: string;
                            backupId?: string | null;
                        } | null;
                        slackUserId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            role: string;
                            managerId: string | null;
                            timezone: string | null;
                            workingHours: {
                                start: string;
                                end: string;
                                days: number[];
                            } | null;
                            outOfOffice: {
                                from: string;
                                until: string;
                                backupId: string | null;
                            } | null;
                            slackUserId: string | null;
                            updatedAt: string | null;
                            /** @description in the list: SendGrid's latest event for mail to this address was a bounce or a drop (null otherwise, and in other answers) */
                            emailProblem: {
                                /** @enum {string} */
                                status: "bounced" | "dropped";
                                detail: string | null;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team-members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Team members by id, a page at a time
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description a key: only team members after it (the previous page's nextAfter) */
                    after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                email: string;
                                role: string;
                                managerId: string | null;
                                timezone: string | null;
                                workingHours: {
                                    start: string;
                                    end: string;
                                    days: number[];
                                } | null;
                                outOfOffice: {
                                    from: string;
                                    until: string;
                                    backupId: string | null;
                                } | null;
                                slackUserId: string | null;
                                updatedAt: string | null;
                                /** @description in the list: SendGrid's latest event for mail to this address was a bounce or a drop (null otherwise, and in other answers) */
                                emailProblem: {
                                    /** @enum {string} */
                                    status: "bounced" | "dropped";
                                    detail: string | null;
                                    /** Format: date-time */
                                    at: string;
                                } | null;
                            }[];
                            /** @description pass as `after` for the next page; null on the last page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a support ticket (an open one suppresses the account's alerts)
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        accountId: string;
                        /** @enum {string} */
                        priority: "urgent" | "high" | "normal" | "low";
                        /** @enum {string} */
                        status?: "open" | "closed";
                        subject?: string;
                        /** Format: date-time */
                        openedAt?: string;
                        /** Format: date-time */
                        closedAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            accountId: string;
                            priority: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            subject: string | null;
                            openedAt: string | null;
                            closedAt: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a ticket's status or priority
         * @description Roles: admin, csm, manager.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status?: "open" | "closed";
                        /** @enum {string} */
                        priority?: "urgent" | "high" | "normal" | "low";
                        /** Format: date-time */
                        openedAt?: string;
                        /** Format: date-time */
                        closedAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            accountId: string;
                            priority: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            subject: string | null;
                            openedAt: string | null;
                            closedAt: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/touchpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a touchpoint (a re-sent source + externalId updates it)
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accountId: string;
                        /** @enum {string} */
                        kind: "qbr" | "meeting" | "call" | "email" | "other";
                        /** Format: date-time */
                        occurredAt: string;
                        recordedBy?: string | null;
                        note?: string | null;
                        /** @default api */
                        source?: string;
                        externalId?: string;
                    };
                };
            };
            responses: {
                /** @description updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            accountId: string;
                            /** @enum {string} */
                            kind: "qbr" | "meeting" | "call" | "email" | "other";
                            occurredAt: string | null;
                            recordedBy: string | null;
                            note: string | null;
                            source: string;
                            externalId: string | null;
                            createdAt: string | null;
                        };
                    };
                };
                /** @description created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            accountId: string;
                            /** @enum {string} */
                            kind: "qbr" | "meeting" | "call" | "email" | "other";
                            occurredAt: string | null;
                            recordedBy: string | null;
                            note: string | null;
                            source: string;
                            externalId: string | null;
                            createdAt: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/touchpoints/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record touchpoints from NDJSON or CSV (a CRM export)
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description NDJSON (one JSON object a line) or CSV with a header row */
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                    "application/ndjson": string;
                    "application/jsonl": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description a content type this route does not read */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unsupported_media_type";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make an API key with a role
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @enum {string} */
                        role: "admin" | "csm" | "manager" | "leadership";
                        /** @description the team member a csm key acts for: it lists only their notifications */
                        teamMemberId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "csm" | "manager" | "leadership";
                            /** @description shown once: only its SHA-256 is stored */
                            key: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a one-time sign-in link to a team member
         * @description Answers 202 whether or not the address belongs to a team member.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/link/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sign-in link's confirm page (looking signs nobody in) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the token from the emailed link */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the confirm form */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description used, expired or unknown */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        /** Use a sign-in link: starts the session and redirects to the app */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the token from the emailed link */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description to /app/, with the session cookie */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description used, expired or unknown */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in team member */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "csm" | "manager" | "leadership";
                            /** @description send as the x-csrf-token header on every state-changing request made with the session cookie */
                            csrfToken: string;
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out (ends the session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How one may sign in here */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            link: true;
                            /** @description OIDC_ISSUER_URL is set: /auth/oidc/login works */
                            oidc: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign in through the identity provider (OpenID Connect): redirects there */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The identity provider's answer: starts the session and redirects to the app */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description the provider refused, or the person is not a team member */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-sent events: `event: alert` with {"id","status","ownerId"} each time an alert changes (the inbox then reloads)
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open alerts ranked by what deserves attention first, with the reasons and counts per tab
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    /** @description a team member id, "team" (the caller and their reports) or "all"; the caller by default */
                    owner?: string;
                    tab?: "new" | "acknowledged" | "snoozed" | "escalated" | "all";
                    severity?: "critical" | "high" | "medium" | "low";
                    category?: "onboarding" | "renewal" | "expansion" | "risk";
                    rule?: string;
                    segment?: string;
                    /** @description account name or id contains */
                    q?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                rank: number;
                                title: string;
                                ruleKey: string;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                /** @enum {string} */
                                category: "onboarding" | "renewal" | "expansion" | "risk";
                                /** @enum {string} */
                                status: "fired" | "suppressed" | "notified" | "escalated" | "snoozed" | "acknowledged" | "dismissed" | "resolved" | "expired";
                                ownerId: string | null;
                                ownerName: string | null;
                                accountId: string;
                                accountName: string;
                                segment: string | null;
                                arrCents: number | null;
                                renewalDate: string | null;
                                firedAt: string;
                                slaDueAt: string | null;
                                /** @description why the alert sits where it does, most weighty first */
                                reasons: string[];
                            }[];
                            counts: {
                                new: number;
                                acknowledged: number;
                                snoozed: number;
                                escalated: number;
                            };
                            /** @description whose queues the caller may pick */
                            owners: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Each report's open, overdue and escalated alerts and time to acknowledge
         * @description Roles: admin, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            members: {
                                id: string;
                                name: string;
                                open: number;
                                overdue: number;
                                escalated: number;
                                /** @description over alerts acknowledged in the last 30 days */
                                medianMinutesToAck: number | null;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The notification outbox
         * @description Roles: admin, csm, manager.
         */
        get: {
            parameters: {
                query?: {
                    alertId?: number;
                    recipient?: string;
                    /** @description rows per page, at most 200 */
                    limit?: number;
                    /** @description an id: only notifications older than it (the previous page's nextBefore) */
                    before?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                alertId: number | null;
                                channel: string;
                                recipientId: string | null;
                                recipient: string;
                                subject: string;
                                text: string;
                                status: string;
                                createdAt: string | null;
                                sentAt: string | null;
                                /** @description what SendGrid's Event Webhook reported after accepting it */
                                deliveryStatus: ("delivered" | "bounced" | "dropped") | null;
                                /** @description the bounce or drop reason */
                                deliveryDetail: string | null;
                            }[];
                            /** @description pass as `before` for the next page; null on the last page */
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/routing-policies/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A routing policy in its current version
         * @description Roles: admin, csm, manager.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            severities: {
                                critical: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                high: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                medium: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                low: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                            };
                            /** @default {} */
                            categories: {
                                [key: string]: {
                                    critical?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    high?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    medium?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    low?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                };
                            };
                            /** @default {} */
                            rules: {
                                [key: string]: {
                                    critical?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    high?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    medium?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    low?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                };
                            };
                            /** @description how escalations reach the manager; absent: email only */
                            escalation?: {
                                /** @description email to the manager, a Slack DM to them, the alert's CRM task reassigned to them */
                                channels: ("email" | "slack" | "crm")[];
                            };
                            name: string;
                            version: number;
                            changedBy: string;
                            /** Format: date-time */
                            changedAt: string;
                            reason: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        /**
         * Change a routing policy: a new version, with the reason why (alerts notified later use it)
         * @description Roles: admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        severities: {
                            critical: {
                                channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                /**
                                 * @description 'immediately', or 'working_hours': held until the owner's next working period
                                 * @enum {string}
                                 */
                                timing: "immediately" | "working_hours";
                            };
                            high: {
                                channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                /**
                                 * @description 'immediately', or 'working_hours': held until the owner's next working period
                                 * @enum {string}
                                 */
                                timing: "immediately" | "working_hours";
                            };
                            medium: {
                                channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                /**
                                 * @description 'immediately', or 'working_hours': held until the owner's next working period
                                 * @enum {string}
                                 */
                                timing: "immediately" | "working_hours";
                            };
                            low: {
                                channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                /**
                                 * @description 'immediately', or 'working_hours': held until the owner's next working period
                                 * @enum {string}
                                 */
                                timing: "immediately" | "working_hours";
                            };
                        };
                        /** @default {} */
                        categories?: {
                            [key: string]: {
                                critical?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                high?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                medium?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                low?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                            };
                        };
                        /** @default {} */
                        rules?: {
                            [key: string]: {
                                critical?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                high?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                medium?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                low?: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                            };
                        };
                        /** @description how escalations reach the manager; absent: email only */
                        escalation?: {
                            /** @description email to the manager, a Slack DM to them, the alert's CRM task reassigned to them */
                            channels: ("email" | "slack" | "crm")[];
                        };
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            severities: {
                                critical: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                high: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                medium: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                                low: {
                                    channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                    /**
                                     * @description 'immediately', or 'working_hours': held until the owner's next working period
                                     * @enum {string}
                                     */
                                    timing: "immediately" | "working_hours";
                                };
                            };
                            /** @default {} */
                            categories: {
                                [key: string]: {
                                    critical?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    high?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    medium?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    low?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                };
                            };
                            /** @default {} */
                            rules: {
                                [key: string]: {
                                    critical?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    high?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    medium?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    low?: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                };
                            };
                            /** @description how escalations reach the manager; absent: email only */
                            escalation?: {
                                /** @description email to the manager, a Slack DM to them, the alert's CRM task reassigned to them */
                                channels: ("email" | "slack" | "crm")[];
                            };
                            name: string;
                            version: number;
                            changedBy: string;
                            /** Format: date-time */
                            changedAt: string;
                            reason: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/routing-policies/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of a routing policy, newest first
         * @description Roles: admin, csm, manager.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                severities: {
                                    critical: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    high: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    medium: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                    low: {
                                        channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                        /**
                                         * @description 'immediately', or 'working_hours': held until the owner's next working period
                                         * @enum {string}
                                         */
                                        timing: "immediately" | "working_hours";
                                    };
                                };
                                /** @default {} */
                                categories: {
                                    [key: string]: {
                                        critical?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                        high?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                        medium?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                        low?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                    };
                                };
                                /** @default {} */
                                rules: {
                                    [key: string]: {
                                        critical?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                        high?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                        medium?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                        low?: {
                                            channels: ("email" | "slack" | "crm" | "digest" | "webhook")[];
                                            /**
                                             * @description 'immediately', or 'working_hours': held until the owner's next working period
                                             * @enum {string}
                                             */
                                            timing: "immediately" | "working_hours";
                                        };
                                    };
                                };
                                /** @description how escalations reach the manager; absent: email only */
                                escalation?: {
                                    /** @description email to the manager, a Slack DM to them, the alert's CRM task reassigned to them */
                                    channels: ("email" | "slack" | "crm")[];
                                };
                                name: string;
                                version: number;
                                changedBy: string;
                                /** Format: date-time */
                                changedAt: string;
                                reason: string;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Webhook subscriptions, oldest first, a page at a time
         * @description Roles: admin.
         */
        get: {
            parameters: {
                query?: {
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description an id: only subscriptions listed after it (the previous page's nextAfter) */
                    after?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description oldest first */
                            items: {
                                id: number;
                                url: string;
                                events: string[];
                                createdBy: string;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            /** @description pass as `after` for the next page; null on the last page */
                            nextAfter: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Subscribe a URL to alert events; answers its signing secret (Standard Webhooks)
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        url: string;
                        events: ("alert.notified" | "alert.acknowledged" | "alert.snoozed" | "alert.escalated" | "alert.closed")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            url: string;
                            events: string[];
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description the Standard Webhooks signing secret (whsec_...), shown only now */
                            secret: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Stop a webhook subscription
         * @description Roles: admin.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/windows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Windows, by start
         * @description Roles: admin, csm, manager.
         */
        get: {
            parameters: {
                query?: {
                    /** @description true: only windows not yet over */
                    active?: "true" | "false";
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description an id: only windows listed after it (the previous page's nextAfter) */
                    after?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description by start, then id */
                            items: {
                                id: number;
                                name: string;
                                /** @enum {string} */
                                kind: "maintenance" | "holiday";
                                scope: {
                                    /** @enum {string} */
                                    type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                                    value: string | null;
                                };
                                /** Format: date-time */
                                startsAt: string;
                                endsAt: string | null;
                                rrule: string | null;
                                duration: string | null;
                                holdAfter: string | null;
                                timezone: string;
                                /** @description where it came from: "ics:<UID>" for an imported calendar event */
                                source: string | null;
                                createdBy: string;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            /** @description pass as `after` for the next page; null on the last page */
                            nextAfter: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a maintenance or holiday window (one-off, or an RRULE series in a timezone)
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * @default maintenance
                         * @enum {string}
                         */
                        kind?: "maintenance" | "holiday";
                        /**
                         * @default {
                         *       "type": "all"
                         *     }
                         */
                        scope?: {
                            /** @enum {string} */
                            type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                            /** @description the rule key, category, segment, account id or owner id; absent for "all" */
                            value?: string | null;
                        };
                        /**
                         * Format: date-time
                         * @description the start; for a series, its first occurrence (read as wall time in `timezone`)
                         */
                        startsAt: string;
                        /**
                         * Format: date-time
                         * @description the end; for a series, when it stops (absent: never)
                         */
                        endsAt?: string;
                        /** @description RFC 5545 recurrence, e.g. "FREQ=WEEKLY;BYDAY=SU" */
                        rrule?: string;
                        /** @description each occurrence's length, with rrule */
                        duration?: string;
                        /** @description alerts firing this long after the window ends are held until then too */
                        holdAfter?: string;
                        /** @default UTC */
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            kind: "maintenance" | "holiday";
                            scope: {
                                /** @enum {string} */
                                type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                                value: string | null;
                            };
                            /** Format: date-time */
                            startsAt: string;
                            endsAt: string | null;
                            rrule: string | null;
                            duration: string | null;
                            holdAfter: string | null;
                            timezone: string;
                            /** @description where it came from: "ics:<UID>" for an imported calendar event */
                            source: string | null;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/windows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One window
         * @description Roles: admin, csm, manager.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            kind: "maintenance" | "holiday";
                            scope: {
                                /** @enum {string} */
                                type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                                value: string | null;
                            };
                            /** Format: date-time */
                            startsAt: string;
                            endsAt: string | null;
                            rrule: string | null;
                            duration: string | null;
                            holdAfter: string | null;
                            timezone: string;
                            /** @description where it came from: "ics:<UID>" for an imported calendar event */
                            source: string | null;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a window; the alerts it holds are released
         * @description Roles: admin.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename a window or end it early ({"endsAt"}); the alerts it holds are released then
         * @description Roles: admin.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        kind?: "maintenance" | "holiday";
                        scope?: {
                            /** @enum {string} */
                            type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                            /** @description the rule key, category, segment, account id or owner id; absent for "all" */
                            value?: string | null;
                        };
                        /**
                         * Format: date-time
                         * @description the start; for a series, its first occurrence (read as wall time in `timezone`)
                         */
                        startsAt?: string;
                        endsAt?: string | null;
                        rrule?: string | null;
                        duration?: string | null;
                        holdAfter?: string | null;
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            kind: "maintenance" | "holiday";
                            scope: {
                                /** @enum {string} */
                                type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                                value: string | null;
                            };
                            /** Format: date-time */
                            startsAt: string;
                            endsAt: string | null;
                            rrule: string | null;
                            duration: string | null;
                            holdAfter: string | null;
                            timezone: string;
                            /** @description where it came from: "ics:<UID>" for an imported calendar event */
                            source: string | null;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/windows/calendars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a holiday calendar (ICS text or URL): each event a window; importing it again replaces them
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ics?: string;
                        /** Format: uri */
                        url?: string;
                        /** @description a prefix for the windows' names */
                        name?: string;
                        /**
                         * @default holiday
                         * @enum {string}
                         */
                        kind?: "maintenance" | "holiday";
                        /**
                         * @default {
                         *       "type": "all"
                         *     }
                         */
                        scope?: {
                            /** @enum {string} */
                            type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                            /** @description the rule key, category, segment, account id or owner id; absent for "all" */
                            value?: string | null;
                        };
                        /**
                         * @description where all-day events begin and end
                         * @default UTC
                         */
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            replaced: number;
                            items: {
                                id: number;
                                name: string;
                                /** @enum {string} */
                                kind: "maintenance" | "holiday";
                                scope: {
                                    /** @enum {string} */
                                    type: "all" | "rule" | "category" | "segment" | "account" | "owner";
                                    value: string | null;
                                };
                                /** Format: date-time */
                                startsAt: string;
                                endsAt: string | null;
                                rrule: string | null;
                                duration: string | null;
                                holdAfter: string | null;
                                timezone: string;
                                /** @description where it came from: "ics:<UID>" for an imported calendar event */
                                source: string | null;
                                createdBy: string;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/slack/interactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Slack's interactivity request URL: a button press on an alert message (signed by Slack) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-slack-request-timestamp"?: string;
                    "x-slack-signature"?: string;
                };
                path?: never;
                cookie?: never;
            };
            /** @description payload=<JSON> as Slack sends it, form-encoded */
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                            text: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sendgrid/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** SendGrid's Event Webhook: delivered, bounce and dropped events recorded on their notification (signed by SendGrid) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-twilio-email-event-webhook-signature"?: string;
                    "x-twilio-email-event-webhook-timestamp"?: string;
                };
                path?: never;
                cookie?: never;
            };
            /** @description a JSON array of events, as SendGrid posts it */
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            received: number;
                            applied: number;
                            ignored: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a tracking source and its write key
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @description shown once: only its SHA-256 is stored */
                            writeKey: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment batch: track, identify, group, page and screen messages
         * @description Bodies over 500 KB are refused with 413. The write key may also come as a `writeKey` body field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        batch: unknown[];
                        context?: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        sentAt?: string;
                        writeKey?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            accepted: number;
                            /** @description tracked events newly stored (a resent messageId is accepted, not stored twice) */
                            stored: number;
                            rejected: {
                                index: number;
                                field: string;
                                problem: string;
                            }[];
                        };
                    };
                };
                /** @description a malformed batch, or one with no valid message */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        } | {
                            /** @enum {string} */
                            error: "invalid_request";
                            /** @enum {number} */
                            accepted: 0;
                            stored: number;
                            rejected: {
                                index: number;
                                field: string;
                                problem: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description every bad field, named */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/track": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment track call
         * @description Bodies over 32 KB are refused with 413. The write key may also come as a `writeKey` body field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description a Segment message of this endpoint's type (docs/usage-ingestion.md); userId or anonymousId is required */
            requestBody: {
                content: {
                    "application/json": {
                        userId?: string | number;
                        anonymousId?: string | number;
                        messageId?: string;
                        timestamp?: string;
                        context?: {
                            groupId?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            stored: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description every bad field, named */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment identify call
         * @description Bodies over 32 KB are refused with 413. The write key may also come as a `writeKey` body field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description a Segment message of this endpoint's type (docs/usage-ingestion.md); userId or anonymousId is required */
            requestBody: {
                content: {
                    "application/json": {
                        userId?: string | number;
                        anonymousId?: string | number;
                        messageId?: string;
                        timestamp?: string;
                        context?: {
                            groupId?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            stored: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description every bad field, named */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment group call
         * @description Bodies over 32 KB are refused with 413. The write key may also come as a `writeKey` body field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description a Segment message of this endpoint's type (docs/usage-ingestion.md); userId or anonymousId is required */
            requestBody: {
                content: {
                    "application/json": {
                        userId?: string | number;
                        anonymousId?: string | number;
                        messageId?: string;
                        timestamp?: string;
                        context?: {
                            groupId?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            stored: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description every bad field, named */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/page": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment page call
         * @description Bodies over 32 KB are refused with 413. The write key may also come as a `writeKey` body field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description a Segment message of this endpoint's type (docs/usage-ingestion.md); userId or anonymousId is required */
            requestBody: {
                content: {
                    "application/json": {
                        userId?: string | number;
                        anonymousId?: string | number;
                        messageId?: string;
                        timestamp?: string;
                        context?: {
                            groupId?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            stored: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description every bad field, named */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/screen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment screen call
         * @description Bodies over 32 KB are refused with 413. The write key may also come as a `writeKey` body field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description a Segment message of this endpoint's type (docs/usage-ingestion.md); userId or anonymousId is required */
            requestBody: {
                content: {
                    "application/json": {
                        userId?: string | number;
                        anonymousId?: string | number;
                        messageId?: string;
                        timestamp?: string;
                        context?: {
                            groupId?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            stored: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description every bad field, named */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics/close-days": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close the quiet days of a range (windows and health score for days without events)
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date */
                        from: string;
                        /** Format: date */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            rows: number;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upsert reported daily metrics from NDJSON or CSV
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description NDJSON (one JSON object a line) or CSV with a header row */
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                    "application/ndjson": string;
                    "application/jsonl": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description a content type this route does not read */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unsupported_media_type";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add event history from NDJSON or CSV
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description NDJSON (one JSON object a line) or CSV with a header row */
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                    "application/ndjson": string;
                    "application/jsonl": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description a content type this route does not read */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unsupported_media_type";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rules in their current version
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    status?: "draft" | "shadow" | "active" | "retired";
                    category?: "onboarding" | "renewal" | "expansion" | "risk";
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description a key: only rules after it (the previous page's nextAfter) */
                    after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                name: string;
                                description?: string;
                                /** @enum {string} */
                                category: "onboarding" | "renewal" | "expansion" | "risk";
                                /** @enum {string} */
                                audience?: "internal" | "customer" | "both";
                                /** @enum {string} */
                                status: "draft" | "shadow" | "active" | "retired";
                                /** @description the condition tree, as POST /rules takes it */
                                condition: unknown;
                                severity: {
                                    /** @enum {string} */
                                    base: "critical" | "high" | "medium" | "low";
                                    modifiers?: {
                                        [key: string]: unknown;
                                    }[];
                                } & {
                                    [key: string]: unknown;
                                };
                                cooldown?: string;
                                /** @enum {string} */
                                routeTo?: "csm" | "ae";
                                title: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                playbook?: string[];
                                key: string;
                                version: number;
                                changedBy: string;
                                changedAt: string | null;
                                reason: string;
                                /** @enum {string} */
                                effectiveStatus?: "draft" | "shadow" | "active" | "retired";
                                statusReason?: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description pass as `after` for the next page; null on the last page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a rule (version 1)
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @default  */
                        description?: string;
                        /** @enum {string} */
                        category: "onboarding" | "renewal" | "expansion" | "risk";
                        /**
                         * @default internal
                         * @enum {string}
                         */
                        audience?: "internal" | "customer" | "both";
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        status?: "draft" | "shadow" | "active" | "retired";
                        condition: unknown;
                        severity: {
                            /** @enum {string} */
                            base: "critical" | "high" | "medium" | "low";
                            /** @default [] */
                            modifiers?: {
                                arrAtLeastCents?: number;
                                arrBelowCents?: number;
                                renewalWithinDays?: number;
                                tierIn?: string[];
                                strategic?: boolean;
                                raise?: number;
                                lower?: number;
                                reason: string;
                            }[];
                        };
                        /** @default 7d */
                        cooldown?: string;
                        /**
                         * @default csm
                         * @enum {string}
                         */
                        routeTo?: "csm" | "ae";
                        title: string;
                        payload: {
                            what: string;
                            significance: string;
                            affected: string;
                            action: string;
                            dueBy: string;
                        };
                        /** @default [] */
                        playbook?: string[];
                        refire?: {
                            value: string;
                            /** @enum {string} */
                            worse: "higher" | "lower";
                            by: number;
                            /** @default 180 */
                            withinDays?: number;
                        };
                        key: string;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @enum {string} */
                            category: "onboarding" | "renewal" | "expansion" | "risk";
                            /** @enum {string} */
                            audience?: "internal" | "customer" | "both";
                            /** @enum {string} */
                            status: "draft" | "shadow" | "active" | "retired";
                            /** @description the condition tree, as POST /rules takes it */
                            condition: unknown;
                            severity: {
                                /** @enum {string} */
                                base: "critical" | "high" | "medium" | "low";
                                modifiers?: {
                                    [key: string]: unknown;
                                }[];
                            } & {
                                [key: string]: unknown;
                            };
                            cooldown?: string;
                            /** @enum {string} */
                            routeTo?: "csm" | "ae";
                            title: string;
                            payload: {
                                [key: string]: unknown;
                            };
                            playbook?: string[];
                            key: string;
                            version: number;
                            changedBy: string;
                            changedAt: string | null;
                            reason: string;
                            /** @enum {string} */
                            effectiveStatus?: "draft" | "shadow" | "active" | "retired";
                            statusReason?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A rule in its current version
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @enum {string} */
                            category: "onboarding" | "renewal" | "expansion" | "risk";
                            /** @enum {string} */
                            audience?: "internal" | "customer" | "both";
                            /** @enum {string} */
                            status: "draft" | "shadow" | "active" | "retired";
                            /** @description the condition tree, as POST /rules takes it */
                            condition: unknown;
                            severity: {
                                /** @enum {string} */
                                base: "critical" | "high" | "medium" | "low";
                                modifiers?: {
                                    [key: string]: unknown;
                                }[];
                            } & {
                                [key: string]: unknown;
                            };
                            cooldown?: string;
                            /** @enum {string} */
                            routeTo?: "csm" | "ae";
                            title: string;
                            payload: {
                                [key: string]: unknown;
                            };
                            playbook?: string[];
                            key: string;
                            version: number;
                            changedBy: string;
                            changedAt: string | null;
                            reason: string;
                            /** @enum {string} */
                            effectiveStatus?: "draft" | "shadow" | "active" | "retired";
                            statusReason?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        /**
         * Change a rule: a new version, with the reason why
         * @description Roles: admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @default  */
                        description?: string;
                        /** @enum {string} */
                        category: "onboarding" | "renewal" | "expansion" | "risk";
                        /**
                         * @default internal
                         * @enum {string}
                         */
                        audience?: "internal" | "customer" | "both";
                        /**
                         * @default draft
                         * @enum {string}
                         */
                        status?: "draft" | "shadow" | "active" | "retired";
                        condition: unknown;
                        severity: {
                            /** @enum {string} */
                            base: "critical" | "high" | "medium" | "low";
                            /** @default [] */
                            modifiers?: {
                                arrAtLeastCents?: number;
                                arrBelowCents?: number;
                                renewalWithinDays?: number;
                                tierIn?: string[];
                                strategic?: boolean;
                                raise?: number;
                                lower?: number;
                                reason: string;
                            }[];
                        };
                        /** @default 7d */
                        cooldown?: string;
                        /**
                         * @default csm
                         * @enum {string}
                         */
                        routeTo?: "csm" | "ae";
                        title: string;
                        payload: {
                            what: string;
                            significance: string;
                            affected: string;
                            action: string;
                            dueBy: string;
                        };
                        /** @default [] */
                        playbook?: string[];
                        refire?: {
                            value: string;
                            /** @enum {string} */
                            worse: "higher" | "lower";
                            by: number;
                            /** @default 180 */
                            withinDays?: number;
                        };
                        reason: string;
                        key?: string;
                        version?: number;
                        changedBy?: string | null;
                        changedAt?: string | null;
                        effectiveStatus?: string;
                        statusReason?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @enum {string} */
                            category: "onboarding" | "renewal" | "expansion" | "risk";
                            /** @enum {string} */
                            audience?: "internal" | "customer" | "both";
                            /** @enum {string} */
                            status: "draft" | "shadow" | "active" | "retired";
                            /** @description the condition tree, as POST /rules takes it */
                            condition: unknown;
                            severity: {
                                /** @enum {string} */
                                base: "critical" | "high" | "medium" | "low";
                                modifiers?: {
                                    [key: string]: unknown;
                                }[];
                            } & {
                                [key: string]: unknown;
                            };
                            cooldown?: string;
                            /** @enum {string} */
                            routeTo?: "csm" | "ae";
                            title: string;
                            payload: {
                                [key: string]: unknown;
                            };
                            playbook?: string[];
                            key: string;
                            version: number;
                            changedBy: string;
                            changedAt: string | null;
                            reason: string;
                            /** @enum {string} */
                            effectiveStatus?: "draft" | "shadow" | "active" | "retired";
                            statusReason?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules/{key}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of a rule, newest first
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            /** @description newest first */
                            items: {
                                version: number;
                                changedBy: string;
                                changedAt: string | null;
                                reason: string;
                                definition: {
                                    name: string;
                                    description?: string;
                                    /** @enum {string} */
                                    category: "onboarding" | "renewal" | "expansion" | "risk";
                                    /** @enum {string} */
                                    audience?: "internal" | "customer" | "both";
                                    /** @enum {string} */
                                    status: "draft" | "shadow" | "active" | "retired";
                                    /** @description the condition tree, as POST /rules takes it */
                                    condition: unknown;
                                    severity: {
                                        /** @enum {string} */
                                        base: "critical" | "high" | "medium" | "low";
                                        modifiers?: {
                                            [key: string]: unknown;
                                        }[];
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    cooldown?: string;
                                    /** @enum {string} */
                                    routeTo?: "csm" | "ae";
                                    title: string;
                                    payload: {
                                        [key: string]: unknown;
                                    };
                                    playbook?: string[];
                                } & {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules/{key}/shadow-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a shadow rule would have alerted on since a day, and how much of it active rules already covered
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    since?: string;
                };
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rule: {
                                key: string;
                                status: string;
                                version: number;
                            };
                            since: string;
                            days: {
                                day: string;
                                accountsMatched: number;
                            }[];
                            accounts: {
                                accountId: string;
                                name: string | null;
                                firstDay: string;
                                lastDay: string;
                                daysMatched: number;
                                alertedByRules: string[];
                            }[];
                            summary: {
                                runDays: number;
                                accountsMatched: number;
                                alsoAlertedByActiveRules: number;
                                onlyThisRule: number;
                            };
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an evaluation run now
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description a key of your choosing: a retry with the same key and request gets the first answer again, and acts once */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rules?: string[];
                        accounts?: string[];
                        /**
                         * Format: date
                         * @description the day evaluated; by default the last complete UTC day
                         */
                        asOf?: string;
                        /** @default false */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            workflowId: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/evaluations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run: its progress, counts, and the alerts it fired (or would fire, in a dry run)
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            status: string;
                            trigger: string;
                            workflowId: string | null;
                            asOf: string;
                            dryRun: boolean;
                            rules: string[] | null;
                            accounts: string[] | null;
                            startedAt: string | null;
                            finishedAt: string | null;
                            error: string | null;
                            counts: {
                                accounts: number | null;
                                rules: number | null;
                                matched: number;
                                fired: number;
                                deduplicated: number;
                                cooledDown: number;
                                suppressed: number;
                                shadow: number;
                                notWorse: number;
                                /** @description matches that could not become an alert (their `error` says why); never retried */
                                failed: number;
                                pending: number;
                            };
                            fired: number[];
                        } | {
                            id: number;
                            status: string;
                            trigger: string;
                            workflowId: string | null;
                            asOf: string;
                            dryRun: boolean;
                            rules: string[] | null;
                            accounts: string[] | null;
                            startedAt: string | null;
                            finishedAt: string | null;
                            error: string | null;
                            counts: {
                                accounts: number | null;
                                rules: number | null;
                                matched: number;
                                fired: number;
                                deduplicated: number;
                                cooledDown: number;
                                suppressed: number;
                                shadow: number;
                                notWorse: number;
                                /** @description matches that could not become an alert (their `error` says why); never retried */
                                failed: number;
                                pending: number;
                            };
                            wouldFire: {
                                ruleKey: string;
                                accountId: string;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                evidence: {
                                    [key: string]: unknown;
                                };
                            }[];
                            shadowMatches: {
                                ruleKey: string;
                                accountId: string;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                evidence: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/product-vocabulary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The product's vocabulary the rule pack reads
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @default [] */
                            premiumFeatures: {
                                feature: string;
                                includedIn: string[];
                            }[];
                            /** @default null */
                            onboarding: {
                                stages: string[];
                                doneStage: string;
                            } | null;
                            /** @default [] */
                            keyFeatures: string[];
                            /** @default null */
                            planTerms: {
                                /** @default [] */
                                monthly: string[];
                                /** @default [] */
                                annual: string[];
                                trait?: string;
                            } | null;
                            /** @default [] */
                            holidays: {
                                /** Format: date */
                                day: string;
                                /** @default  */
                                name: string;
                            }[];
                            changedBy: string | null;
                            changedAt: string | null;
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        /**
         * Replace the product's vocabulary (takes what GET returns)
         * @description Roles: admin.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        premiumFeatures?: {
                            feature: string;
                            includedIn: string[];
                        }[];
                        /** @default null */
                        onboarding?: {
                            stages: string[];
                            doneStage: string;
                        } | null;
                        /** @default [] */
                        keyFeatures?: string[];
                        /** @default null */
                        planTerms?: {
                            /** @default [] */
                            monthly?: string[];
                            /** @default [] */
                            annual?: string[];
                            trait?: string;
                        } | null;
                        /** @default [] */
                        holidays?: {
                            /** Format: date */
                            day: string;
                            /** @default  */
                            name?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @default [] */
                            premiumFeatures: {
                                feature: string;
                                includedIn: string[];
                            }[];
                            /** @default null */
                            onboarding: {
                                stages: string[];
                                doneStage: string;
                            } | null;
                            /** @default [] */
                            keyFeatures: string[];
                            /** @default null */
                            planTerms: {
                                /** @default [] */
                                monthly: string[];
                                /** @default [] */
                                annual: string[];
                                trait?: string;
                            } | null;
                            /** @default [] */
                            holidays: {
                                /** Format: date */
                                day: string;
                                /** @default  */
                                name: string;
                            }[];
                            changedBy: string | null;
                            changedAt: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}/outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's outcomes, newest first, a page at a time
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    type?: "churned" | "renewed" | "expanded" | "contracted";
                    from?: string;
                    to?: string;
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description an outcome id: only outcomes listed after it, newest first (the previous page's nextBefore) */
                    before?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                accountId: string;
                                /** @enum {string} */
                                type: "churned" | "renewed" | "expanded" | "contracted";
                                /** @description the UTC day it happened, YYYY-MM-DD */
                                at: string;
                                /** @description ARR lost, renewed, added or removed, in cents */
                                arrCents: number | null;
                                /** @enum {string} */
                                source: "api" | "tracking" | "bulk" | "crm";
                                /** @description set when implied by an ARR or status change rather than stated */
                                derivedFrom: ("arr" | "status") | null;
                                note: string | null;
                                /** Format: date-time */
                                recordedAt: string;
                            }[];
                            /** @description pass as `before` for the next page; null on the last page */
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Record an account outcome (churned, renewed, expanded, contracted)
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description a key of your choosing: a retry with the same key and request gets the first answer again, and acts once */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "churned" | "renewed" | "expanded" | "contracted";
                        /** Format: date */
                        at: string;
                        arrCents?: number;
                        note?: string;
                        /**
                         * @default api
                         * @enum {string}
                         */
                        source?: "api" | "crm";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            accountId: string;
                            /** @enum {string} */
                            type: "churned" | "renewed" | "expanded" | "contracted";
                            /** @description the UTC day it happened, YYYY-MM-DD */
                            at: string;
                            /** @description ARR lost, renewed, added or removed, in cents */
                            arrCents: number | null;
                            /** @enum {string} */
                            source: "api" | "tracking" | "bulk" | "crm";
                            /** @description set when implied by an ARR or status change rather than stated */
                            derivedFrom: ("arr" | "status") | null;
                            note: string | null;
                            /** Format: date-time */
                            recordedAt: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's contract-fact and trait changes (plan, limits, ARR, renewal, owner, traits), oldest first, a page at a time
         * @description Roles: admin, csm, manager, leadership.
         */
        get: {
            parameters: {
                query?: {
                    /** @description rows per page, at most 1000 */
                    limit?: number;
                    /** @description only changes after this time (the previous page's nextAfter, to the microsecond) */
                    after?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                validFrom: string;
                                plan: string | null;
                                tier: string | null;
                                segment: string | null;
                                seatLimit: number | null;
                                apiLimit: number | null;
                                storageLimit: number | null;
                                arrCents: number | null;
                                /** @description YYYY-MM-DD */
                                renewalDate: string | null;
                                ownerId: string | null;
                                aeId: string | null;
                                traits: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * Format: date-time
                                 * @description when this row was last written (a back-dated write rewrites the rows it changes)
                                 */
                                recordedAt: string;
                            }[];
                            /** @description pass as `after` for the next page (a time to the microsecond); null on the last page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/outcomes/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record account outcomes from a CRM export (NDJSON or CSV)
         * @description Roles: admin, csm, manager.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description NDJSON (one JSON object a line) or CSV with a header row */
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                    "application/ndjson": string;
                    "application/jsonl": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description a content type this route does not read */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unsupported_media_type";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/volume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The volume report over from..to, grouped by groupBy
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    groupBy?: "rule" | "category" | "severity" | "owner" | "team" | "segment";
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JSON; CSV (text/csv, one row per item) with `?format=csv` or `Accept: text/csv` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            report: "volume" | "response" | "effectiveness" | "portfolio";
                            /** Format: date */
                            from: string;
                            /** Format: date */
                            to: string;
                            groupBy: ("rule" | "category" | "severity" | "owner" | "team" | "segment") | null;
                            items: {
                                /** @description the group's value (rule key, category, severity, owner or manager id, segment); null without groupBy */
                                group: string | null;
                                fired: number;
                                suppressed: number;
                                deduplicated: number;
                                expired: number;
                                csms: number;
                                workingDays: number;
                                alertsPerCsmPerWorkingDay: number | null;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/response": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The response report over from..to, grouped by groupBy
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    groupBy?: "rule" | "category" | "severity" | "owner" | "team" | "segment";
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JSON; CSV (text/csv, one row per item) with `?format=csv` or `Accept: text/csv` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            report: "volume" | "response" | "effectiveness" | "portfolio";
                            /** Format: date */
                            from: string;
                            /** Format: date */
                            to: string;
                            groupBy: ("rule" | "category" | "severity" | "owner" | "team" | "segment") | null;
                            items: {
                                /** @description the group's value (rule key, category, severity, owner or manager id, segment); null without groupBy */
                                group: string | null;
                                notified: number;
                                acknowledged: number;
                                unacknowledged: number;
                                meanHoursToAcknowledge: number | null;
                                medianHoursToAcknowledge: number | null;
                                /** @description the 90th percentile (interpolated), acknowledged alerts only */
                                p90HoursToAcknowledge: number | null;
                                closed: number;
                                meanHoursToClose: number | null;
                                medianHoursToClose: number | null;
                                /** @description the 90th percentile (interpolated), worked closes only (dismissed or an outcome recorded) */
                                p90HoursToClose: number | null;
                                withSla: number;
                                acknowledgedWithinSla: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                shareAcknowledgedWithinSla: number | null;
                                escalated: number;
                                escalations: number;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/effectiveness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The effectiveness report over from..to, grouped by groupBy
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    groupBy?: "rule" | "category" | "severity" | "owner" | "team" | "segment";
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JSON; CSV (text/csv, one row per item) with `?format=csv` or `Accept: text/csv` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            report: "volume" | "response" | "effectiveness" | "portfolio";
                            /** Format: date */
                            from: string;
                            /** Format: date */
                            to: string;
                            groupBy: ("rule" | "category" | "severity" | "owner" | "team" | "segment") | null;
                            items: {
                                /** @description the group's value (rule key, category, severity, owner or manager id, segment); null without groupBy */
                                group: string | null;
                                fired: number;
                                closed: number;
                                expired: number;
                                /** @description closed and expired alerts by outcome, dismissal reason (dismissed_<reason>) or status */
                                outcomes: {
                                    [key: string]: number;
                                };
                                converted: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                conversionRate: number | null;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                savedVsChurned: number | null;
                                revenueAttributedCents: number;
                                wonCents: number;
                                savedCents: number;
                                useful: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                precision: number | null;
                                falsePositives: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                falsePositiveRate: number | null;
                                expansionAlerts: number;
                                expansionConfirmed: number;
                                riskAlerts: number;
                                riskConfirmed: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                precisionAgainstAccountOutcomes: number | null;
                                churnedAccounts: number;
                                churnedWithEarlyRiskAlert: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                recall: number | null;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/portfolio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The portfolio report over from..to, grouped by groupBy
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    groupBy?: "rule" | "category" | "severity" | "owner" | "team" | "segment";
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JSON; CSV (text/csv, one row per item) with `?format=csv` or `Accept: text/csv` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            report: "volume" | "response" | "effectiveness" | "portfolio";
                            /** Format: date */
                            from: string;
                            /** Format: date */
                            to: string;
                            groupBy: ("rule" | "category" | "severity" | "owner" | "team" | "segment") | null;
                            /** @description the account dimension the health part is grouped by (alert dimensions do not apply to it) */
                            healthGroupedBy: ("rule" | "category" | "severity" | "owner" | "team" | "segment") | null;
                            health: {
                                /** Format: date */
                                day: string;
                                /** @description the group's value (rule key, category, severity, owner or manager id, segment); null without groupBy */
                                group: string | null;
                                /** @description accounts per health band that day */
                                bands: {
                                    [key: string]: number;
                                };
                            }[];
                            /** @description expansion alerts open at the end of the period */
                            pipeline: {
                                /** @description the group's value (rule key, category, severity, owner or manager id, segment); null without groupBy */
                                group: string | null;
                                openAlerts: number;
                                accounts: number;
                                arrCents: number;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules/{key}/effectiveness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A rule's recommendation (keep, retire, tighten, loosen) with its evidence
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            recommendation: "keep" | "retire" | "tighten" | "loosen";
                            evidence: {
                                ruleKey: string;
                                version: number;
                                /** Format: date */
                                since: string;
                                reason: string;
                                fired: number;
                                closed: number;
                                expired: number;
                                converted: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                conversionRate: number | null;
                                useful: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                precision: number | null;
                                falsePositives: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                falsePositiveRate: number | null;
                                revenueAttributedCents: number;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/rule-effectiveness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every active and shadow rule's recommendation
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JSON; CSV (text/csv, one row per item) with `?format=csv` or `Accept: text/csv` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                ruleKey: string;
                                /** @enum {string} */
                                recommendation: "keep" | "retire" | "tighten" | "loosen";
                                reason: string;
                                closed: number;
                                converted: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                conversionRate: number | null;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                falsePositiveRate: number | null;
                                revenueAttributedCents: number;
                                threshold: number | null;
                                suggestedThreshold: number | null;
                            }[];
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules/{key}/effectiveness/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The recommendation as a proposed version of the rule (not applied)
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            recommendation: "keep" | "retire" | "tighten" | "loosen";
                            evidence: {
                                ruleKey: string;
                                version: number;
                                /** Format: date */
                                since: string;
                                reason: string;
                                fired: number;
                                closed: number;
                                expired: number;
                                converted: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                conversionRate: number | null;
                                useful: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                precision: number | null;
                                falsePositives: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                falsePositiveRate: number | null;
                                revenueAttributedCents: number;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description the proposed version (not current: someone applies it or not) */
                            version: number;
                            changedBy: string;
                            changedAt: string | null;
                            reason: string;
                            definition: {
                                name: string;
                                description?: string;
                                /** @enum {string} */
                                category: "onboarding" | "renewal" | "expansion" | "risk";
                                /** @enum {string} */
                                audience?: "internal" | "customer" | "both";
                                /** @enum {string} */
                                status: "draft" | "shadow" | "active" | "retired";
                                /** @description the condition tree, as POST /rules takes it */
                                condition: unknown;
                                severity: {
                                    /** @enum {string} */
                                    base: "critical" | "high" | "medium" | "low";
                                    modifiers?: {
                                        [key: string]: unknown;
                                    }[];
                                } & {
                                    [key: string]: unknown;
                                };
                                cooldown?: string;
                                /** @enum {string} */
                                routeTo?: "csm" | "ae";
                                title: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                playbook?: string[];
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules/{key}/backtests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A rule's backtests, newest first, a page at a time
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query?: {
                    /** @description rows per page, at most 200 */
                    limit?: number;
                    /** @description an id: only backtests older than it (the previous page's nextBefore) */
                    before?: number;
                };
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description newest first */
                            items: {
                                id: number;
                                ruleKey: string;
                                /** @description the stored version replayed; null for an unsaved draft definition */
                                version: number | null;
                                /** @description the rule's live (active or shadow) version when the backtest started, compared against */
                                liveVersion: number | null;
                                /** Format: date */
                                from: string;
                                /** Format: date */
                                to: string;
                                step: number;
                                /** @enum {string} */
                                status: "running" | "cancelling" | "completed" | "failed" | "cancelled";
                                /** @description replayed days of all */
                                progress: {
                                    done: number;
                                    total: number;
                                };
                                workflowId: string | null;
                                requestedBy: string;
                                createdAt: string | null;
                                finishedAt: string | null;
                                error: string | null;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                precision: number | null;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                recall: number | null;
                                newAlerts: number | null;
                            }[];
                            /** @description pass as `before` for the next page; null on the last page */
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Backtest a version or a draft of the rule over a range of days
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        definition?: {
                            name: string;
                            /** @default  */
                            description?: string;
                            /** @enum {string} */
                            category: "onboarding" | "renewal" | "expansion" | "risk";
                            /**
                             * @default internal
                             * @enum {string}
                             */
                            audience?: "internal" | "customer" | "both";
                            /**
                             * @default draft
                             * @enum {string}
                             */
                            status?: "draft" | "shadow" | "active" | "retired";
                            condition: unknown;
                            severity: {
                                /** @enum {string} */
                                base: "critical" | "high" | "medium" | "low";
                                /** @default [] */
                                modifiers?: {
                                    arrAtLeastCents?: number;
                                    arrBelowCents?: number;
                                    renewalWithinDays?: number;
                                    tierIn?: string[];
                                    strategic?: boolean;
                                    raise?: number;
                                    lower?: number;
                                    reason: string;
                                }[];
                            };
                            /** @default 7d */
                            cooldown?: string;
                            /**
                             * @default csm
                             * @enum {string}
                             */
                            routeTo?: "csm" | "ae";
                            title: string;
                            payload: {
                                what: string;
                                significance: string;
                                affected: string;
                                action: string;
                                dueBy: string;
                            };
                            /** @default [] */
                            playbook?: string[];
                            refire?: {
                                value: string;
                                /** @enum {string} */
                                worse: "higher" | "lower";
                                by: number;
                                /** @default 180 */
                                withinDays?: number;
                            };
                            key?: string;
                            version?: number;
                            changedBy?: string | null;
                            changedAt?: string | null;
                            effectiveStatus?: string;
                            statusReason?: string | null;
                            reason?: string;
                        };
                        /** Format: date */
                        from: string;
                        /** Format: date */
                        to: string;
                        /** @default 1 */
                        step?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            workflowId: string;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/backtests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A backtest: status, progress, the days replayed and (completed) its summary
         * @description Roles: admin, leadership, manager.
         */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JSON; CSV (one row per day) with `?format=csv` or `Accept: text/csv` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            ruleKey: string;
                            /** @description the stored version replayed; null for an unsaved draft definition */
                            version: number | null;
                            /** @description the rule's live (active or shadow) version when the backtest started, compared against */
                            liveVersion: number | null;
                            /** Format: date */
                            from: string;
                            /** Format: date */
                            to: string;
                            step: number;
                            /** @enum {string} */
                            status: "running" | "cancelling" | "completed" | "failed" | "cancelled";
                            /** @description replayed days of all */
                            progress: {
                                done: number;
                                total: number;
                            };
                            workflowId: string | null;
                            requestedBy: string;
                            createdAt: string | null;
                            finishedAt: string | null;
                            error: string | null;
                            days: {
                                /** Format: date */
                                day: string;
                                /** @description accounts the replayed version matched that day */
                                accounts: number;
                                /** @description alerts it would have created that day (null until the summary) */
                                newAlerts: number | null;
                                /** @description accounts the live version matched that day (when it differs) */
                                liveAccounts?: number;
                            }[];
                            /** @description a share (4 decimals), null when there is nothing to divide by */
                            precision: number | null;
                            /** @description a share (4 decimals), null when there is nothing to divide by */
                            recall: number | null;
                            added: number | null;
                            removed: number | null;
                            /** @description null until completed */
                            summary: {
                                wouldFireAccounts: number;
                                /** @description alerts the matches would have created after deduplication and the rule's cooldown */
                                newAlerts: number;
                                projectedAlertsPerCsmPerWeek: number | null;
                                csms: number;
                                cooldownDays: number;
                                liveVersion: number | null;
                                /** @description accounts matched that the live version did not match */
                                added: number;
                                /** @description accounts the live version matched that this one did not */
                                removed: number;
                                addedAccounts: string[];
                                removedAccounts: string[];
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                precision: number | null;
                                confirmedByAccountOutcome: number;
                                confirmedByAlertOutcome: number;
                                recordedFalsePositives: number;
                                /** @description a share (4 decimals), null when there is nothing to divide by */
                                recall: number | null;
                                outcomesToCatch: number;
                                outcomesCaught: number;
                                arrCoveredCents: number;
                            } | null;
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/backtests/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a running backtest
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /**
                             * @description the workflow is asked to stop; GET answers `cancelled` once it has
                             * @enum {string}
                             */
                            status: "cancelling";
                        };
                    };
                };
                /** @description every bad field, named */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid_request";
                            issues: {
                                /** @description the field, e.g. condition.all.1.value, query.limit, (body) */
                                path: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description no valid key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "unauthorized";
                            message: string;
                        };
                    };
                };
                /** @description the key's role may not do this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "forbidden";
                            message: string;
                        };
                    };
                };
                /** @description no such resource */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "not_found";
                            message: string;
                        };
                    };
                };
                /** @description the request contradicts the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "conflict";
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
