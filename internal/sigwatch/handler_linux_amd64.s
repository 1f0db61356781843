#include "textflag.h"

// Called by the kernel: DI is the signal number. Runs on the thread's
// signal stack (SA_ONSTACK).
TEXT ·sigHandler(SB),NOSPLIT|NOFRAME,$0
	SUBQ	$8, SP
	MOVB	DI, 0(SP)
	MOVLQSX	·pipeWrite(SB), DI	// fd
	MOVQ	SP, SI	// buf
	MOVQ	$1, DX	// count
	MOVQ	$1, AX	// SYS_write
	SYSCALL	// a full pipe (EAGAIN) drops the byte: signals are not queued anyway
	ADDQ	$8, SP
	RET

TEXT ·sigReturn(SB),NOSPLIT|NOFRAME,$0
	MOVQ	$15, AX	// SYS_rt_sigreturn
	SYSCALL
	INT	$3	// not reached

// func handlerPCs() (handler, restorer uintptr)
TEXT ·handlerPCs(SB),NOSPLIT,$0-16
	LEAQ	·sigHandler(SB), AX
	MOVQ	AX, handler+0(FP)
	LEAQ	·sigReturn(SB), AX
	MOVQ	AX, restorer+8(FP)
	RET
